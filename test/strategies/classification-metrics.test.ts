import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../src/strategies/metrics.js';

describe('classificationMetrics', () => {
  it('matches scikit-learn on the textbook case', () => {
    // sklearn: roc_auc_score = 0.75, average_precision_score = 0.8333…
    // AP by hand: threshold 0.8 → R 1/2, P 1; 0.4 → R 1/2; 0.35 → R 1, P 2/3: 1/2 * 1 + 1/2 * 2/3
    const m = classificationMetrics([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(m.roc_auc).toBeCloseTo(0.75, 15);
    expect(m.pr_auc).toBeCloseTo(5 / 6, 15);
    expect(m.accuracy).toBe(0.75); // predictions 0, 0, 0, 1
  });

  it('groups tied scores into one threshold (AP) and counts ties one half (AUC)', () => {
    // thresholds 0.9: tp 1 fp 1 (R 1/3, P 1/2); 0.5: tp 2 fp 2 (R 2/3, P 1/2); 0.1: tp 3 fp 2 (R 1, P 3/5)
    // AP = 1/3 * 1/2 + 1/3 * 1/2 + 1/3 * 3/5 = 8/15
    // AUC: pos 0.9, 0.5, 0.1 vs neg 0.9, 0.5 → pairs 0.5 + 1 + 0 + 0.5 + 0 + 0 = 2 of 6
    const m = classificationMetrics([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.5, 0.1]);
    expect(m.pr_auc).toBeCloseTo(8 / 15, 15);
    expect(m.roc_auc).toBeCloseTo(1 / 3, 15);
    // all scores tied: AUC 1/2, AP = prevalence
    const flat = classificationMetrics([1, 0, 0, 1, 0], [0.3, 0.3, 0.3, 0.3, 0.3]);
    expect(flat.roc_auc).toBe(0.5);
    expect(flat.pr_auc).toBeCloseTo(0.4, 15);
  });

  it('is perfect for a perfect ranking and 0 AUC for a reversed one', () => {
    expect(classificationMetrics([0, 1, 0, 1], [0.2, 0.9, 0.1, 0.7])).toEqual({ roc_auc: 1, pr_auc: 1, accuracy: 1 });
    expect(classificationMetrics([1, 0], [0.2, 0.9]).roc_auc).toBe(0);
  });

  it('predicts class 1 only above 0.5, like scikit-learn predict', () => {
    expect(classificationMetrics([0, 1], [0.5, 0.5000001]).accuracy).toBe(1);
  });

  it('is null when one class is absent or the set is empty', () => {
    expect(classificationMetrics([1, 1], [0.2, 0.7])).toEqual({ roc_auc: null, pr_auc: null, accuracy: 0.5 });
    expect(classificationMetrics([0, 0], [0.2, 0.7])).toEqual({ roc_auc: null, pr_auc: null, accuracy: 0.5 });
    expect(classificationMetrics([], [])).toEqual({ roc_auc: null, pr_auc: null, accuracy: null });
  });

  it('rejects labels other than 0/1 and non-finite scores', () => {
    expect(() => classificationMetrics([0, 2], [0.1, 0.2])).toThrow(/yTrue\[1\] = 2/);
    expect(() => classificationMetrics([0, 1], [0.1, NaN])).toThrow(/prob\[1\]/);
    expect(() => classificationMetrics([0, 1], [0.1])).toThrow(/2 true values but 1/);
  });
});
