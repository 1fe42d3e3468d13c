import { describe, expect, it } from 'vitest';
import { prospectiveMetrics, type ProspectiveInput } from '../../src/strategies/prospective-metrics.js';

const base: ProspectiveInput = {
  labels: [5, null, 9, 1, 7],
  acquiredIn: [0, 0, 1, 1, 1],
  predicted: [null, null, 8, 3, 7],
  generation: 1,
  objective: 'maximize',
  k: 2,
  hitThreshold: null,
};

describe('prospectiveMetrics', () => {
  it('takes the mean of the best k labels so far, leaving failed calls out', () => {
    expect(prospectiveMetrics(base)).toMatchObject({ explored_topk_mean: 8, best_label: 9 });
    expect(prospectiveMetrics({ ...base, objective: 'minimize' })).toMatchObject({
      explored_topk_mean: 3,
      best_label: 1,
    });
  });

  it('is null until k molecules have a label', () => {
    expect(prospectiveMetrics({ ...base, k: 5 }).explored_topk_mean).toBeNull();
    expect(prospectiveMetrics({ ...base, k: 4 }).explored_topk_mean).toBe((9 + 7 + 5 + 1) / 4);
    const none = prospectiveMetrics({ ...base, labels: [null], acquiredIn: [0], predicted: [] });
    expect(none).toMatchObject({ explored_topk_mean: null, best_label: null, batch_rmse: null });
  });

  it('counts hits past the threshold per the objective, only when one is set', () => {
    expect(prospectiveMetrics(base).hits).toBeUndefined();
    expect(prospectiveMetrics({ ...base, hitThreshold: 7 }).hits).toBe(2);
    expect(prospectiveMetrics({ ...base, objective: 'minimize', hitThreshold: 5 }).hits).toBe(2);
  });

  it("scores this generation's batch against its predictions at acquisition", () => {
    const m = prospectiveMetrics(base);
    // Batch 1: labels 9, 1, 7 predicted 8, 3, 7.
    expect(m.batch_rmse).toBeCloseTo(Math.sqrt((1 + 4 + 0) / 3), 12);
    expect(m.batch_spearman).toBe(1);
    // Generation 0 had no predictions: nothing to score.
    expect(prospectiveMetrics({ ...base, generation: 0 })).toMatchObject({ batch_rmse: null, batch_spearman: null });
    // A shorter prediction list (an older checkpoint) leaves the rest unpredicted.
    expect(prospectiveMetrics({ ...base, predicted: [null, null, 8] })).toMatchObject({
      batch_rmse: 1,
      batch_spearman: null,
    });
  });
});
