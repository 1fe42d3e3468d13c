import type { CampaignContext, CampaignPlan } from './campaign-types.js';
import { ZERO_SECONDS } from './campaign-types.js';

/** The context of a campaign before its first stage: nothing labeled, nothing measured. */
export function initialContext(plan: CampaignPlan): CampaignContext {
  return {
    plan,
    generation: 0,
    labeled: [],
    labels: [],
    acquiredIn: [],
    predicted: [],
    predictedStd: [],
    imported: 0,
    invalid: null,
    test: [],
    testLabels: [],
    modelKey: null,
    history: [],
    seconds: ZERO_SECONDS,
    oracleCalls: 0,
    oracleFailures: 0,
    candidatesLeft: null,
    stopReason: null,
    error: null,
    waiting: null,
    heldOut: null,
  };
}
