/**
 * The one event map of a campaign run: every observer (audit trail, status page, db/summary views,
 * progress lines, bench timings) listens here, on the bus of `src/shared/event-bus.ts`. Names are
 * `area:what`; each event is documented in a line.
 */
import type { CampaignContext, RoundRecord } from '../machine/campaign-types.js';
import type { Stage } from '../shared/vocabulary.js';
import type { DispatchTiming } from '../pool/dispatch-meter.js';
import type { CallProgress } from '../pool/progress-tally.js';
import type { AttemptRecord } from './attempt-record.js';

/**
 * What one transition cost the main thread, on the clock's monotonic time: the xstate step (from the
 * event that ended a stage, or START/RETRY, to the listeners being called), the checkpoint write, and the
 * synchronous listeners of `checkpoint:written`, `machine:transition` and `round:end` (audit, progress
 * lines; views are deferred). Stage actors start their work after this (see `toActors`), so the three add
 * up to the transition's place on the time line.
 */
export interface TransitionTiming {
  readonly from: string | null;
  readonly to: string;
  readonly step_ms: number;
  readonly checkpoint_ms: number;
  readonly observers_ms: number;
}

export interface CampaignEventMap {
  /** The machine was started or restored in `state` (after that first transition), about to be kicked unless done. */
  'run:start': { readonly state: string; readonly context: CampaignContext };
  /** The machine stopped (done, failed, interrupted) and its last checkpoint is on disk. */
  'run:end': { readonly status: 'done' | 'failed' | 'interrupted' | 'waiting'; readonly state: string };
  /** A transition's checkpoint was written (renamed into place; its fsync follows), before its listeners. */
  'checkpoint:written': { readonly state: string; readonly ms: number };
  /** A machine transition, after its checkpoint was written. */
  'machine:transition': {
    readonly from: string | null;
    readonly to: string;
    readonly at: number;
    readonly context: CampaignContext;
  };
  /** A transition's cost on the main thread (see `TransitionTiming`), after its other listeners. */
  'machine:timing': TransitionTiming;
  /** A stage actor began its engine work. */
  'stage:start': { readonly stage: Stage; readonly generation: number };
  /** A stage's engine work ended: its time and what it did. */
  'stage:end': {
    readonly stage: Stage;
    readonly generation: number;
    readonly ms: number;
    readonly detail: Record<string, number | string>;
  };
  /** An engine call of a stage advanced: items done of its total (at its start, then as each piece ends). */
  'stage:progress': CallProgress;
  /** A finished round (one generation evaluated), after the transition that recorded it. */
  'round:end': { readonly round: RoundRecord; readonly context: CampaignContext };
  /** A task attempt was posted (always before its `attempt:end`). */
  'attempt:start': { readonly record: AttemptRecord };
  /** A task attempt ended; `record.class` says how. */
  'attempt:end': { readonly record: AttemptRecord };
  /** An engine call ended: its window, and how much of it no worker was computing (see dispatch-meter.ts). */
  dispatch: DispatchTiming;
  /** A view of the state (status page, db.json, summary.json) was rewritten, off the transition: its main-thread time. */
  views: { readonly what: string; readonly ms: number };
  /** Something a user should know (e.g. a listener failed): printed, and recorded in the audit trail. */
  notice: { readonly message: string };
}
