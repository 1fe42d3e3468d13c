import type { CampaignConfig } from '../../config/campaign-schema.js';
import { createRng, sampleIndices } from '../../shared/rng.js';

/**
 * The held-out test set (`campaign.test_fraction` of the valid molecules), drawn once from the seed,
 * in index order; empty without a held-out set.
 */
export function heldOutSplit(config: Pick<CampaignConfig, 'seed' | 'campaign'>, valid: readonly number[]): number[] {
  const count = Math.round(config.campaign.test_fraction * valid.length);
  if (count <= 0) return [];
  return sampleIndices(valid.length, count, createRng(config.seed, 'test-split'))
    .map((j) => valid[j] as number)
    .sort((a, b) => a - b);
}
