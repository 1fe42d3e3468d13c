import { describe, expect, it } from 'vitest';
import { hitProbability, hitThreshold, pruneCandidates, type PruneInput } from '../../src/strategies/prune.js';
import { uncertaintyScale } from '../../src/strategies/prune-calibration.js';

describe('hit probability', () => {
  it('is the normal tail above the k-th best label', () => {
    expect(hitThreshold([5, 1, 9, 7], 2)).toBe(7);
    expect(hitThreshold([5, 1], 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(hitProbability(7, 1, 7)).toBeCloseTo(0.5, 12);
    expect(hitProbability(5, 1, 7)).toBeCloseTo(0.02275, 5); // 1 - Phi(2)
    expect(hitProbability(8, 0, 7)).toBe(1);
    expect(hitProbability(6, 0, 7)).toBe(0);
    // Deep in the tail it does not underflow to 0 as 1 - Phi(20) would.
    expect(hitProbability(-13, 1, 7)).toBeGreaterThan(1e-90);
  });
});

/** Candidates 2, 3, 5, 8 with means 5, 6.5, 1, 9 and stds 1, 1, 3, 0 against a threshold of 7. */
const known = (over: Partial<PruneInput> = {}): PruneInput => ({
  candidates: Int32Array.from([2, 3, 5, 8]),
  mean: Float64Array.from([5, 6.5, 1, 9]),
  std: Float64Array.from([1, 1, 3, 0]),
  scale: 1,
  minStd: 0,
  threshold: 7,
  minHitProbability: 0.05,
  picks: new Int32Array(0),
  floor: 0,
  ...over,
});

describe('pruneCandidates', () => {
  it('prunes the candidates below the minimum, and nothing before there are k labels', () => {
    // P: 1 - Phi(2) = 0.023 (pruned), 0.31, 1 - Phi(2) = 0.023 (pruned), 1.
    const d = pruneCandidates(known());
    expect(Array.from(d.pruned)).toEqual([2, 5]);
    expect(d).toMatchObject({ remaining: 2, keptByFloor: 0 });
    const none = pruneCandidates(known({ threshold: Number.NEGATIVE_INFINITY }));
    expect(none).toMatchObject({ pruned: new Int32Array(0), remaining: 4 });
  });

  it('widens the std by the calibration scale: 2 keeps both (P = 1 - Phi(1) = 0.16)', () => {
    expect(Array.from(pruneCandidates(known({ scale: 2 })).pruned)).toEqual([]);
    // At scale 0.5 the 6.5 mean falls to 1 - Phi(1) = 0.16: still kept; 5 and 1 are pruned.
    expect(Array.from(pruneCandidates(known({ scale: 0.5 })).pruned)).toEqual([2, 5]);
  });

  it("never lets a scaled std fall below minStd (the errors' RMS), where a forest's spread is smallest", () => {
    // minStd 2: candidate 2 (mean 5, std 1 -> 2) has P = 1 - Phi(1) = 0.16 and stays; 5 keeps its std 3
    // (P = 0.023, pruned); 8's std 0 becomes 2 (P = Phi(1), kept).
    const d = pruneCandidates(known({ minStd: 2 }));
    expect(Array.from(d.pruned)).toEqual([5]);
    // The bound and the scale together: the larger of scale x std and minStd. Scale 0.5 with minStd 2 is
    // the minStd case above; scale 3 with minStd 2 gives 2 (std 1 -> 3: P = 0.25) and 5 (std 9: 0.25) room.
    expect(Array.from(pruneCandidates(known({ scale: 0.5, minStd: 2 })).pruned)).toEqual([5]);
    expect(Array.from(pruneCandidates(known({ scale: 3, minStd: 2 })).pruned)).toEqual([]);
  });

  it("never prunes this round's batch, and does not count it as remaining", () => {
    const d = pruneCandidates(known({ picks: Int32Array.from([2]) }));
    expect(Array.from(d.pruned)).toEqual([5]);
    expect(d.remaining).toBe(2); // 3 and 8; 2 is being labeled
  });

  it('keeps the floor: the most probable of those under the minimum, however small their chance', () => {
    // Both 2 and 5 are under 0.05 with the same P; with a floor of 3 one must stay: 2, whose mean is higher.
    const d = pruneCandidates(known({ floor: 3 }));
    expect(Array.from(d.pruned)).toEqual([5]);
    expect(d).toMatchObject({ remaining: 3, keptByFloor: 1 });
    // Probabilities that underflow to 0 are still ordered by their margin: 11 (mean -30) is the one kept.
    const deep = known({
      candidates: Int32Array.from([10, 11, 12]),
      mean: Float64Array.from([-40, -30, -50]),
      std: Float64Array.from([1, 1, 1]),
      floor: 1,
    });
    expect(Array.from(pruneCandidates(deep).pruned)).toEqual([10, 12]);
    // A floor above what is left prunes nothing.
    expect(pruneCandidates(known({ floor: 10 })).pruned).toHaveLength(0);
  });
});

describe('uncertaintyScale', () => {
  it('is sqrt(sum e^2 / sum s^2) over the labeled predictions at acquisition, never below 1', () => {
    // Errors 2 and 4 against stds 1 and 1: sqrt(20 / 2).
    const c = uncertaintyScale({ predicted: [null, 1, 2, 3], predictedStd: [null, 1, 1, 5], labels: [0, 3, 6, null] });
    expect(c.errors).toBe(2);
    expect(c.scale).toBeCloseTo(Math.sqrt(10), 12);
    // Errors smaller than the stds: 1, not a bolder pruning.
    expect(uncertaintyScale({ predicted: [1], predictedStd: [4], labels: [1.5] }).scale).toBe(1);
  });

  it('has nothing to say without labeled predictions, or when every std was 0 and some were wrong', () => {
    expect(uncertaintyScale({ predicted: [], predictedStd: [], labels: [1, 2] })).toEqual({ scale: null, errors: 0 });
    expect(uncertaintyScale({ predicted: [1, 2], predictedStd: [0, 0], labels: [1, 3] }).scale).toBeNull();
    expect(uncertaintyScale({ predicted: [1, 2], predictedStd: [0, 0], labels: [1, 2] }).scale).toBe(1);
  });
});
