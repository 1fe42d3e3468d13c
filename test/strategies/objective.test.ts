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
  });
});
