import { describe, expect, it } from 'vitest';
import { createRng, sampleIndices } from '../../src/shared/rng.js';
import { createTopkEvaluator, expectedRandomTopk, screeningMetrics } from '../../src/strategies/metrics.js';

//                    0  1  2  3  4  5    6  7
const TRUTH = Float64Array.from([5, 9, 7, 7, 3, NaN, 7, 1]);

/** The reference's `recovery` (al_reference.py), transcribed literally, with a stable argsort. */
function referenceRecovery(obj: Float64Array, lab: number[], k: number) {
  const order = Array.from(obj.keys()).sort((a, b) => (obj[b] as number) - (obj[a] as number) || a - b);
  const top = new Set(order.slice(0, k));
  const kth = Array.from(obj).sort((a, b) => b - a)[k - 1] as number;
  const found = lab
    .map((i) => obj[i] as number)
    .sort((a, b) => b - a)
    .slice(0, k);
  return {
    topk_smiles: lab.filter((i) => top.has(i)).length / k,
    topk_scores: found.filter((v) => v >= kth).length / k,
  };
}

describe('screeningMetrics', () => {
  it('builds the true top-k with ties to the lower index and skips unknown truth', () => {
    const ev = createTopkEvaluator(TRUTH, 3);
    expect(Array.from(ev.top)).toEqual([1, 2, 3]); // 9, then the 7s at 2 and 3 (6 is tied but left out)
    expect(ev.kth).toBe(7);
    expect(Array.from(createTopkEvaluator(TRUTH, 7).top)).toEqual([1, 2, 3, 6, 0, 4, 7]); // never the NaN at 5
  });

  it('counts a labeled molecule tied with the k-th best in topk_scores but not in topk_smiles', () => {
    expect(screeningMetrics(TRUTH, [6, 0, 5], 3)).toEqual({ topk_smiles: 0, topk_scores: 1 / 3 });
    expect(screeningMetrics(TRUTH, [3, 4], 3)).toEqual({ topk_smiles: 1 / 3, topk_scores: 1 / 3 });
    // four labeled molecules >= 7: topk_scores keeps only the best k of them
    expect(screeningMetrics(TRUTH, [1, 2, 3, 6], 3)).toEqual({ topk_smiles: 1, topk_scores: 1 });
    expect(screeningMetrics(TRUTH, [6, 1, 0], 3)).toEqual({ topk_smiles: 1 / 3, topk_scores: 2 / 3 });
    expect(screeningMetrics(TRUTH, [], 3)).toEqual({ topk_smiles: 0, topk_scores: 0 });
  });

  it('is null when fewer than k molecules have a known truth', () => {
    expect(screeningMetrics(TRUTH, [1], 8)).toEqual({ topk_smiles: null, topk_scores: null });
    expect(createTopkEvaluator(TRUTH, 8).kth).toBeNull();
  });

  it('rejects duplicate or out-of-pool labeled indices and a bad k', () => {
    expect(() => screeningMetrics(TRUTH, [1, 2, 1], 3)).toThrow(/index 1 appears twice/);
    expect(() => screeningMetrics(TRUTH, [8], 3)).toThrow(/outside the pool of 8/);
    expect(() => screeningMetrics(TRUTH, [-1], 3)).toThrow(/outside the pool/);
    expect(() => screeningMetrics(TRUTH, [1.5], 3)).toThrow(/outside the pool/);
    expect(() => screeningMetrics(TRUTH, [1], 0)).toThrow(/k must be a positive integer/);
  });

  it('matches the reference implementation on random pools with many ties', () => {
    const rng = createRng(3, 'screening-test');
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + rng.int(300);
      const truth = Float64Array.from({ length: n }, () => rng.int(15));
      const k = 1 + rng.int(Math.min(n, 20));
      const lab = sampleIndices(n, rng.int(n + 1), rng);
      expect(screeningMetrics(truth, lab, k)).toEqual(referenceRecovery(truth, lab, k));
    }
  });
});

describe('expectedRandomTopk', () => {
  it('is labeled / poolSize', () => {
    expect(expectedRandomTopk(50, 1000)).toBe(0.05);
    expect(expectedRandomTopk(0, 10)).toBe(0);
    expect(expectedRandomTopk(10, 10)).toBe(1);
    expect(() => expectedRandomTopk(1, 0)).toThrow(/pool size/);
    expect(() => expectedRandomTopk(11, 10)).toThrow(/labeled/);
  });

  it('is what random labeling achieves on average', () => {
    const truth = Float64Array.from({ length: 200 }, (_, i) => (i * 7919) % 200);
    const ev = createTopkEvaluator(truth, 10);
    let sum = 0;
    const trials = 2000;
    for (let s = 0; s < trials; s++)
      sum += ev.evaluate(sampleIndices(200, 40, createRng(s, 'baseline'))).topk_smiles ?? 0;
    // mean of 2000 hypergeometric fractions: 0.2 ± 0.0028 (1 sd)
    expect(Math.abs(sum / trials - expectedRandomTopk(40, 200))).toBeLessThan(0.015);
  });
});
