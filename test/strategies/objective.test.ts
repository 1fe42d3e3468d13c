import { describe, expect, it } from 'vitest';
import { headlineMetric, orient } from '../../src/strategies/objective.js';

describe('objective', () => {
  it('orients values so that higher is better', () => {
    expect(orient({ objective: 'maximize' }, 3)).toBe(3);
    expect(orient({ objective: 'minimize' }, 3)).toBe(-3);
  });

  it('heads the report with the fit on a held-out set, else the share of the top found', () => {
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0.1 } })).toBe('r2');
    expect(headlineMetric({ task: 'classification', campaign: { test_fraction: 0.1 } })).toBe('roc_auc');
    expect(headlineMetric({ task: 'regression', campaign: { test_fraction: 0 } })).toBe('topk_scores');
    // An oracle that knows no truth (a program, a lab): the best labels found so far.
    const noTruth = { task: 'regression' as const, campaign: { test_fraction: 0 } };
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'command' } })).toBe('explored_topk_mean');
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'lookup' } })).toBe('topk_scores');
    expect(headlineMetric({ ...noTruth, oracle: { kind: 'desirability' } })).toBe('topk_scores');
  });
});
