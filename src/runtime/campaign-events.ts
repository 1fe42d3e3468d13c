import type { CampaignContext, RoundRecord, Stage } from '../machine/campaign-types.js';
import type { TransitionTiming } from '../machine/drive-campaign.js';
import type { DispatchTiming } from './dispatch-meter.js';
import type { AttemptRecord } from './supervisor.js';

/** Everything a campaign run reports while it runs. */
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
