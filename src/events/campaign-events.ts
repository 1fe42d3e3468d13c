import type { CampaignContext, RoundRecord } from '../machine/campaign-types.js';
import type { Stage } from '../shared/vocabulary.js';
import type { DispatchTiming } from '../pool/dispatch-meter.js';
import type { AttemptRecord } from '../pool/supervisor.js';

/** Everything a campaign run reports while it runs. */
/**
 * What one transition cost the main thread, on the clock's monotonic time: the xstate step (from the
 * event that ended a stage, or START/RETRY, to the observer being called), the checkpoint write, and the
 * synchronous observers (audit, events; views are deferred by the recorder). Stage actors start their
 * work after this (see `toActors`), so the three add up to the transition's place on the time line.
 */
export interface TransitionTiming {
  readonly from: string | null;
  readonly to: string;
  readonly step_ms: number;
  readonly checkpoint_ms: number;
  readonly observers_ms: number;
}

export interface CampaignEventMap {
  /** A machine transition, after its checkpoint was written. */
  transition: {
    readonly from: string | null;
    readonly to: string;
    readonly at: number;
    readonly context: CampaignContext;
  };
  /** A finished round (one generation evaluated). */
  round: { readonly round: RoundRecord; readonly context: CampaignContext };
  /** A stage's engine call ended. */
  stage: {
    readonly stage: Stage;
    readonly generation: number;
    readonly ms: number;
    readonly detail: Record<string, number | string>;
  };
  /** An engine call ended: its window, and how much of it no worker was computing (see dispatch-meter.ts). */
  dispatch: DispatchTiming;
  /** A transition's cost on the main thread (see `TransitionTiming`). */
  timing: TransitionTiming;
  /** A view of the state (status page, db.json, summary.json) was rewritten, off the transition: its main-thread time. */
  views: { readonly what: string; readonly ms: number };
  /** An engine task attempt started or ended (ended ones carry `class`). */
  attempt: { readonly record: AttemptRecord };
  /** Something a user should know (skipped molecules, reused artifacts). */
  notice: { readonly message: string };
}
