import { describe, expect, it } from 'vitest';
import { formatRound } from '../../src/campaign/format-round.js';
import type { CampaignContext } from '../../src/machine/campaign-types.js';

/** A context with one round holding `metrics`; formatRound reads nothing else of it. */
function withRound(metrics: Record<string, number | null>): CampaignContext {
  const round = { generation: 2, labeled: 30, metrics, seconds: { train: 1, evaluate: 0.5, explore: 0.25 } };
  return { history: [round] } as unknown as CampaignContext;
}

const base = { campaign: { test_fraction: 0 }, oracle: { kind: 'lookup' } } as const;

describe('formatRound', () => {
  it('puts the top-k share first for a greedy regression screen', () => {
    const ctx = withRound({ r2: 0.5, topk_smiles: 0.2, topk_scores: 0.25, rmse: 1 });
    const line = formatRound(ctx, 100, { ...base, task: 'regression', acquisition: { strategy: 'greedy' } } as never);
    expect(line).toBe(
      'generation 2  labeled 30/100  topk_scores 0.250  topk_smiles 0.200  r2 0.500  rmse 1.000  (1.8 s)',
    );
  });

  it('leaves the top-k share out of uncertainty sampling and leads with the held-out R²', () => {
    const ctx = withRound({ topk_scores: 0, topk_smiles: 0, r2: 0.61, rmse: 0.9 });
    const config = {
      ...base,
      campaign: { test_fraction: 0.2 },
      task: 'regression',
      acquisition: { strategy: 'uncertainty' },
    };
    const line = formatRound(ctx, 100, config as never);
    expect(line).toBe('generation 2  labeled 30/100  r2 0.610  rmse 0.900  (1.8 s)');
  });

  it('leaves the top-k share of 0/1 labels out of a classification', () => {
    const ctx = withRound({ topk_scores: 1, roc_auc: 0.8, pr_auc: 0.7 });
    const config = {
      ...base,
      campaign: { test_fraction: 0.2 },
      task: 'classification',
      acquisition: { strategy: 'greedy' },
    };
    expect(formatRound(ctx, 100, config as never)).toBe(
      'generation 2  labeled 30/100  roc_auc 0.800  pr_auc 0.700  (1.8 s)',
    );
  });

  it('shows the prospective figures where there is no truth', () => {
    const ctx = withRound({ explored_topk_mean: -9.5, batch_rmse: 0.7, r2: null });
    const config = { ...base, oracle: { kind: 'command' }, task: 'regression', acquisition: { strategy: 'greedy' } };
    expect(formatRound(ctx, 100, config as never)).toBe(
      'generation 2  labeled 30/100  explored_topk_mean -9.500  batch_rmse 0.700  (1.8 s)',
    );
  });
});
