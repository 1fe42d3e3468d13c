import { describe, expect, it } from 'vitest';
import { regressionMetrics } from '../../src/strategies/metrics.js';

describe('regressionMetrics', () => {
  it('matches a hand-computed 4-point case', () => {
    // errors -0.5, 0, 0.5, -1: SSres 1.5; mean 2.5, SStot 5
    const m = regressionMetrics([1, 2, 3, 4], [1.5, 2, 2.5, 5]);
    expect(m.rmse).toBeCloseTo(Math.sqrt(1.5 / 4), 15);
    expect(m.mae).toBeCloseTo(0.5, 15);
    expect(m.r2).toBeCloseTo(0.7, 15);
    expect(m.spearman).toBe(1);
  });

  it('gives tied values their average rank in Spearman', () => {
    // pred ranks [1.5, 3.5, 3.5, 5, 1.5] vs [1..5]: sxy 1.5, sxx 10, syy 9 → 1.5 / sqrt(90)
    const m = regressionMetrics([1, 2, 3, 4, 5], [1, 2, 2, 3, 1]);
    expect(m.spearman).toBeCloseTo(1.5 / Math.sqrt(90), 15);
    expect(m.spearman).toBeCloseTo(0.15811388300841897, 15);
    // a perfectly reversed order is -1
    expect(regressionMetrics([1, 2, 3], [30, 20, 10]).spearman).toBe(-1);
  });

  it('reports a negative R² for a model worse than the mean', () => {
    // predicting [4, 3, 2, 1]: SSres = 9 + 1 + 1 + 9 = 20, SStot = 5 → 1 - 4 = -3
    expect(regressionMetrics([1, 2, 3, 4], [4, 3, 2, 1]).r2).toBeCloseTo(-3, 15);
  });

  it('uses null, not NaN, for what cannot be computed', () => {
    // constant truth: R² and Spearman undefined (0.1 * 3 / 3 does not round back to 0.1: ssTot is not exactly 0)
    const c = regressionMetrics([0.1, 0.1, 0.1], [0.1, 0.2, 0.3]);
    expect(c).toEqual({
      rmse: expect.any(Number) as unknown,
      mae: expect.any(Number) as unknown,
      r2: null,
      spearman: null,
    });
    expect(regressionMetrics([1, 2, 3], [5, 5, 5]).spearman).toBeNull();
    expect(regressionMetrics([1], [2])).toEqual({ rmse: 1, mae: 1, r2: null, spearman: null });
    expect(regressionMetrics([], [])).toEqual({ rmse: null, mae: null, r2: null, spearman: null });
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('rejects misaligned or non-finite input', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 true values but 1 predictions/);
    expect(() => regressionMetrics([1, NaN], [1, 2])).toThrow(/yTrue\[1\]/);
    expect(() => regressionMetrics(Float64Array.from([1, 2]), Float64Array.from([1, Infinity]))).toThrow(/yPred\[1\]/);
  });
});
