import type { CampaignContext, RoundRecord, Stage } from '../machine/campaign-types.js';

/** Everything a campaign run reports while it runs. */
export interface CampaignEventMap {
  /** A machine transition, after its checkpoint was written. */
  transition: { readonly from: string | null; readonly to: string; readonly at: number; readonly context: CampaignContext };
  /** A finished round (one generation evaluated). */
  round: { readonly round: RoundRecord; readonly context: CampaignContext };
  /** A stage's engine call ended. */
  stage: { readonly stage: Stage; readonly generation: number; readonly ms: number; readonly detail: Record<string, number | string> };
  /** Something a user should know (skipped molecules, reused artifacts). */
  notice: { readonly message: string };
}
