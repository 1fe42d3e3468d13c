/** The campaign's batch sizes by generation and its oracle-call budget, resolved against the pool. */
import { resolveCount, type CampaignSettings } from './campaign-schema.js';

/** The batch size spec of generation g >= 1: the single `batch`, or entry g-1 of the schedule (the last repeating). */
export function batchSpecAt(campaign: Pick<CampaignSettings, 'batch'>, generation: number): number {
  const { batch } = campaign;
  if (!Array.isArray(batch)) return batch;
  return batch[Math.min(Math.max(generation, 1), batch.length) - 1] as number;
}

/** `campaign.budget` in oracle calls: a fraction of the pool's molecules, or a count; null without one. */
export function resolveCallBudget(campaign: Pick<CampaignSettings, 'budget'>, poolSize: number): number | null {
  return campaign.budget === null ? null : resolveCount(campaign.budget, poolSize);
}
