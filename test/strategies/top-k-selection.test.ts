import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/shared/rng.js';
import { selectTop } from '../../src/strategies/top-k-selection.js';

function naiveTop(scores: ArrayLike<number>, ids: ArrayLike<number>, count: number): number[] {
  const pos = Array.from({ length: scores.length }, (_, i) => i).filter((i) => !Number.isNaN(scores[i] as number));
  pos.sort((a, b) => (scores[b] as number) - (scores[a] as number) || (ids[a] as number) - (ids[b] as number));
  return pos.slice(0, Math.max(0, count));
}

describe('selectTop', () => {
  it('orders by score, ties by lower id', () => {
    const scores = [1, 3, 3, 2, 3];
    const ids = [0, 9, 4, 2, 7];
    expect(Array.from(selectTop(scores, ids, 5))).toEqual([2, 4, 1, 3, 0]);
    expect(Array.from(selectTop(scores, ids, 2))).toEqual([2, 4]);
  });

  it('never selects NaN and returns fewer when fewer are valid', () => {
    expect(Array.from(selectTop([Number.NaN, 1, Number.NaN, 0], [0, 1, 2, 3], 3))).toEqual([1, 3]);
  });

  it('handles count 0, count > n and an empty input', () => {
    expect(selectTop([1, 2], [0, 1], 0).length).toBe(0);
    expect(Array.from(selectTop([1, 2], [0, 1], 10))).toEqual([1, 0]);
    expect(selectTop([], [], 3).length).toBe(0);
  });

  it('agrees with a full sort on many tied random inputs', () => {
    const rng = createRng(7, 'select-top-test');
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + rng.int(400);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = rng.int(12) + (rng.next() < 0.05 ? Number.NaN : 0);
      const ids = new Int32Array(n);
      for (let i = 0; i < n; i++) ids[i] = n - i + 3 * rng.int(2) * n; // unique, not monotone
      const count = rng.int(n + 5);
      expect(Array.from(selectTop(scores, ids, count))).toEqual(naiveTop(scores, ids, count));
    }
  });

  it('picks exactly what a full sort picks, ties broken by index (fast-check)', () => {
    const score = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: false }));
    fc.assert(
      fc.property(fc.array(score, { maxLength: 300 }), fc.nat(320), (scores, count) => {
        const ids = scores.map((_, i) => i);
        expect(Array.from(selectTop(scores, ids, count))).toEqual(naiveTop(scores, ids, count));
      }),
    );
  });
});
