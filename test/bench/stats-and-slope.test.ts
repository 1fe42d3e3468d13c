import { describe, expect, it } from 'vitest';
import { fitLogLogSlope } from '../../src/bench/slope-fit.js';
import { finite, mean, median, ratio, sampleSd } from '../../src/bench/stats.js';

describe('summary statistics', () => {
  it('median of odd and even lists, unsorted input left alone', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('mean and sample sd (n - 1)', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // Sum of squared deviations 32, n - 1 = 7.
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleSd([0.6])).toBe(0);
    expect(sampleSd([])).toBeNull();
  });

  it('finite drops missing values; ratio refuses a zero or missing denominator', () => {
    expect(finite([1, null, Number.NaN, undefined, Number.POSITIVE_INFINITY, 2])).toEqual([1, 2]);
    expect(ratio(3, 12)).toBe(0.25);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });
});

describe('log-log slope of cost against pool size', () => {
  it('is 1 for linear cost and 2 for quadratic cost, with r2 = 1', () => {
    const sizes = [5000, 10_000, 25_000, 50_000];
    const linear = fitLogLogSlope(sizes.map((n) => ({ n, cost: n * 2e-4 })));
    expect(linear?.slope).toBeCloseTo(1, 12);
    expect(linear?.r2).toBeCloseTo(1, 12);
    expect(linear?.points.map((p) => p.perMolecule)).toEqual(sizes.map(() => 2e-4));
    const quadratic = fitLogLogSlope(sizes.map((n) => ({ n, cost: (n / 1000) ** 2 })));
    expect(quadratic?.slope).toBeCloseTo(2, 12);
  });

  it('a fixed start-up cost bends the slope below 1', () => {
    // cost = 2 s + 0.2 ms per molecule: 3 s at 5k, 12 s at 50k -> slope log(4)/log(10) = 0.602.
    const fit = fitLogLogSlope([
      { n: 5000, cost: 3 },
      { n: 50_000, cost: 12 },
    ]);
    expect(fit?.slope).toBeCloseTo(Math.log(4) / Math.log(10), 12);
  });

  it('marginal cost per molecule between consecutive sizes is constant for a fixed + linear cost', () => {
    // 1.3 s fixed + 0.15 ms per molecule: slope well below 1, marginal cost 0.15 ms everywhere.
    const fit = fitLogLogSlope([50_000, 5000, 25_000, 10_000].map((n) => ({ n, cost: 1.3 + n * 1.5e-4 })));
    expect(fit?.slope).toBeLessThan(0.8);
    expect(fit?.marginal.map((m) => [m.from, m.to])).toEqual([
      [5000, 10_000],
      [10_000, 25_000],
      [25_000, 50_000],
    ]);
    for (const m of fit?.marginal ?? []) expect(m.perMolecule).toBeCloseTo(1.5e-4, 12);
    expect(fit?.marginalSpread).toBeCloseTo(1, 12);
    // sqrt growth: the marginal cost falls 2.4x from the first segment to the last.
    const sqrt = fitLogLogSlope([5000, 10_000, 25_000, 50_000].map((n) => ({ n, cost: Math.sqrt(n) })));
    expect(sqrt?.marginalSpread).toBeGreaterThan(2);
  });

  it('needs two distinct sizes with a positive cost', () => {
    expect(fitLogLogSlope([{ n: 5000, cost: 1 }])).toBeNull();
    expect(
      fitLogLogSlope([
        { n: 5000, cost: 1 },
        { n: 5000, cost: 2 },
        { n: 10_000, cost: 0 },
      ]),
    ).toBeNull();
  });
});
