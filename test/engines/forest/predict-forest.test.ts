import { describe, expect, it } from 'vitest';
import { isAlcoveError } from '../../../src/shared/errors.js';
import type { FlatTree, SerializedForest } from '../../../src/shared/forest-types.js';
import { predictForest, predictPerTree } from '../../../src/engines/forest/predict-forest.js';
import { allRows, bitMatrix, denseMatrix } from './helpers.js';

/** A stump: feature f, threshold t, leaf values a (left) and b (right). */
function stump(f: number, t: number, a: number, b: number): FlatTree {
  return {
    feature: Int32Array.from([f, -1, -1]),
    threshold: Float64Array.from([t, 0, 0]),
    left: Int32Array.from([1, -1, -1]),
    right: Int32Array.from([2, -1, -1]),
    value: Float64Array.from([0, a, b]),
  };
}

function leaf(v: number): FlatTree {
  return {
    feature: Int32Array.from([-1]),
    threshold: Float64Array.from([0]),
    left: Int32Array.from([-1]),
    right: Int32Array.from([-1]),
    value: Float64Array.from([v]),
  };
}

function bitForest(trees: FlatTree[], features = 16): SerializedForest {
  return { kind: 'bits', task: 'regression', features, trees };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAlcoveError(error) ? error.code : 'not an AlcoveError';
  }
  return undefined;
}

describe('predictForest', () => {
  // Row 0: no bits; row 1: bit 3; row 2: bits 3 and 12; row 3: bit 12.
  const X = bitMatrix([[], [3], [3, 12], [12]], 16);

  it('walks bit trees (bit off → left) and averages over trees', () => {
    const forest = bitForest([stump(3, 0.5, 1, 3), stump(12, 0.5, 2, 6)]);
    const p = predictForest(forest, X, allRows(4));
    expect(Array.from(p.mean)).toEqual([1.5, 2.5, 4.5, 3.5]);
    expect(Array.from(p.std)).toEqual([0.5, 0.5, 1.5, 2.5]); // population std of two values = |a − b| / 2
    expect(Array.from(predictPerTree(forest, X, allRows(4)))).toEqual([1, 3, 3, 1, 2, 2, 6, 6]);
  });

  it('follows the rows argument, repeats included', () => {
    const forest = bitForest([stump(3, 0.5, 1, 3)]);
    const p = predictForest(forest, X, Int32Array.from([2, 2, 0]));
    expect(Array.from(p.mean)).toEqual([3, 3, 1]);
  });

  it('has std exactly 0 when all trees agree, and > 0 otherwise', () => {
    const same = bitForest(Array.from({ length: 7 }, () => stump(3, 0.5, 0.1, 0.7)));
    const p = predictForest(same, X, allRows(4));
    expect(Array.from(p.std)).toEqual([0, 0, 0, 0]);
    expect(Array.from(p.mean)).toEqual([0.1, 0.7, 0.7, 0.1].map((v) => expect.closeTo(v, 15) as unknown));
    const mixed = bitForest([leaf(1), leaf(1), leaf(4)]);
    const q = predictForest(mixed, X, allRows(4));
    expect(q.mean[0]).toBe(2);
    expect(q.std[0]).toBeCloseTo(Math.sqrt(2), 14);
  });

  it('walks dense trees with x <= threshold → left, NaN → right', () => {
    const D = denseMatrix([
      [0.2, 5],
      [0.5, 5],
      [0.50000001, -1],
      [Number.NaN, 0],
    ]);
    const forest: SerializedForest = { kind: 'dense', task: 'regression', features: 2, trees: [stump(0, 0.5, 10, 20)] };
    expect(Array.from(predictForest(forest, D, allRows(4)).mean)).toEqual([10, 10, 20, 20]);
  });

  it('handles deeper trees and more rows than one block', () => {
    // Root: bit 0; left child splits on bit 1; right child is a leaf.
    const tree: FlatTree = {
      feature: Int32Array.from([0, 1, -1, -1, -1]),
      threshold: Float64Array.from([0.5, 0.5, 0, 0, 0]),
      left: Int32Array.from([1, 3, -1, -1, -1]),
      right: Int32Array.from([2, 4, -1, -1, -1]),
      value: Float64Array.from([0, 0, 7, 1, 2]),
    };
    const on = Array.from({ length: 1000 }, (_, i) => [[], [0], [1], [0, 1]][i % 4]!);
    const big = bitMatrix(on, 8);
    const p = predictForest(bitForest([tree], 8), big, allRows(1000));
    for (let i = 0; i < 1000; i++) expect(p.mean[i]).toBe([1, 7, 2, 7][i % 4]);
  });

  it('rejects mismatched or malformed input', () => {
    const forest = bitForest([stump(3, 0.5, 1, 3)]);
    expect(code(() => predictForest(forest, X, Int32Array.from([4])))).toBe('BAD_INPUT');
    expect(code(() => predictForest(bitForest([stump(3, 0.5, 1, 3)], 32), X, allRows(4)))).toBe('BAD_INPUT');
    expect(code(() => predictForest(forest, denseMatrix([[1]]), allRows(1)))).toBe('BAD_INPUT');
    expect(code(() => predictForest(bitForest([]), X, allRows(4)))).toBe('BAD_INPUT');
    const cyclic = stump(3, 0.5, 1, 3);
    cyclic.left[0] = 0;
    expect(code(() => predictForest(bitForest([cyclic]), X, allRows(4)))).toBe('BAD_INPUT');
    expect(code(() => predictForest(bitForest([stump(16, 0.5, 1, 3)]), X, allRows(4)))).toBe('BAD_INPUT');
  });
});
