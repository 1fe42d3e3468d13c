import { describe, expect, it } from 'vitest';
import { headlineMetric, isMeaningfulMetric, orient } from '../../src/strategies/objective.js';

describe('objective', () => {
  it('orients values so that higher is better', () => {
    expect(orient({ objective: 'maximize' }, 3)).toBe(3);
    expect(orient({ objective: 'minimize' }, 3)).toBe(-3);
  });

  it('heads a screening campaign with the share of the top found, whatever its held-out set', () => {
    const greedy = { acquisition: { strategy: 'greedy' } };
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0.1 }, ...greedy })).toBe('topk_scores');
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0 } })).toBe('topk_scores');
    // An oracle that knows no truth (a program, a lab): the best labels found so far.
    const noTruth = { task: 'regression' as const, campaign: { test_fraction: 0 } };
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'command' } })).toBe('explored_topk_mean');
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'lookup' } })).toBe('topk_scores');
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'desirability' }, ...greedy })).toBe('topk_scores');
    expect(headlineMetric({ ...noTruth, acquisition: { strategy: 'ucb' } })).toBe('topk_scores');
  });

  it('heads a campaign that samples for the model with its fit, held-out only', () => {
    const uncertainty = { acquisition: { strategy: 'uncertainty' } };
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0.2 }, ...uncertainty })).toBe('r2');
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0 }, ...uncertainty })).toBe(
      'batch_spearman',
    );
    expect(headlineMetric({ task: 'classification', campaign: { test_fraction: 0.1 } })).toBe('roc_auc');
    expect(headlineMetric({ task: 'classification', campaign: { test_fraction: 0 } })).toBe('explored_topk_mean');
  });

  it('calls the top-k meaningless for classification and uncertainty sampling', () => {
    expect(isMeaningfulMetric({ task: 'classification' }, 'topk_scores')).toBe(false);
    expect(isMeaningfulMetric({ task: 'regression', acquisition: { strategy: 'uncertainty' } }, 'topk_smiles')).toBe(
      false,
    );
    expect(isMeaningfulMetric({ task: 'regression', acquisition: { strategy: 'greedy' } }, 'topk_scores')).toBe(true);
    expect(isMeaningfulMetric({ task: 'classification' }, 'roc_auc')).toBe(true);
  });
});
