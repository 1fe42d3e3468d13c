import type { CampaignConfig } from '../../config/campaign-schema.js';
import { resolveCount } from '../../config/campaign-schema.js';
import { createRng } from '../../shared/rng.js';
import { acquire } from '../../strategies/acquisition.js';
import { setOf } from './index-sets.js';

/**
 * Generation 0's batch: the named molecules (`campaign.initial_from`) less invalid ones and the
 * held-out set, or else a seeded random `campaign.initial` of the valid molecules not held out.
 */
export function firstBatch(
  config: Pick<CampaignConfig, 'seed' | 'campaign'>,
  valid: readonly number[],
  heldOut: readonly number[],
  initial?: readonly number[],
): number[] {
  const taken = setOf(heldOut);
  if (initial !== undefined) {
    const ok = setOf(valid);
    return initial.filter((i) => ok.has(i) && !taken.has(i));
  }
  const candidates = Int32Array.from(valid.filter((i) => !taken.has(i)));
  const count = Math.min(candidates.length, resolveCount(config.campaign.initial, valid.length));
  return Array.from(
    acquire(
      'random',
      { candidates, best: Number.NEGATIVE_INFINITY, batch: count, beta: 0, xi: 0 },
      createRng(config.seed, 'acquire', 0),
    ),
  );
}
