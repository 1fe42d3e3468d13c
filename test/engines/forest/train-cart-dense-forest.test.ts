import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../../src/shared/features.js';
import type { ForestParams } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';
import { splitThreshold } from '../../../src/engines/forest/dense-split-search.js';
import { mergeForests } from '../../../src/engines/forest/merge-forests.js';
import { nextDown } from '../../../src/engines/forest/ml-cart-to-flat.js';
import { predictForest } from '../../../src/engines/forest/predict-forest.js';
import { trainCartDenseForest } from '../../../src/engines/forest/train-cart-dense-forest.js';
import { denseShapeOf, referenceDenseTree } from './dense-reference.js';
import { allRows, baseParams, denseLeaf, denseMatrix, treeDepth } from './helpers.js';
import { expectAlcoveError } from '../../helpers/alcove-error.js';

/** n rows of `cols` uniform values in [0, 1), rounded to `decimals` (so values can repeat). */
function uniformRows(n: number, cols: number, seed: number, decimals = 2): number[][] {
  const scale = 10 ** decimals;
  const rng = createRng(seed, 'cart-test');
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => Math.round(rng.next() * scale) / scale));
}

/** Random rows and a nonlinear target with integer noise. */
function randomData(n: number, cols: number, seed: number) {
  const rows = uniformRows(n, cols, seed);
  const X = denseMatrix(rows);
  const y = Float64Array.from(rows, (r, i) => Math.round(10 * r[0]! * r[1]! + 4 * (r[2]! > 0.4 ? 1 : 0)) + (i % 3));
  return { X, y };
}

function leafCounts(tree: Parameters<typeof denseLeaf>[0], X: DenseMatrix, rows: Int32Array): number[] {
  const perLeaf = new Map<number, number>();
  for (const r of rows) perLeaf.set(denseLeaf(tree, X, r), (perLeaf.get(denseLeaf(tree, X, r)) ?? 0) + 1);
  return [...perLeaf.values()];
}

describe('trainCartDenseForest: splits', () => {
  it('finds the hand-computed best split and threshold', () => {
    // x0 = 1..4, y = 0, 0, 3, 9: SSE after {1}|rest 42, {1,2}|{3,4} 18, {1,2,3}|{4} 6 → threshold 3.5;
    // the left child (0, 0, 3) then splits at 2.5. x1 orders the rows 4, 1, 3, 2 and splits worse.
    const X = denseMatrix([
      [1, 40],
      [2, 10],
      [3, 30],
      [4, 20],
    ]);
    const y = Float64Array.from([0, 0, 3, 9]);
    const tree = trainCartDenseForest(X, allRows(4), y, baseParams).trees[0]!;
    expect(denseShapeOf(tree)).toEqual({
      f: 0,
      t: 3.5,
      v: 3,
      l: { f: 0, t: 2.5, v: 1, l: { v: 0 }, r: { v: 3 } },
      r: { v: 9 },
    });
    // minSamplesLeaf 2 leaves only {1,2}|{3,4}.
    const msl2 = trainCartDenseForest(X, allRows(4), y, { ...baseParams, minSamplesLeaf: 2 }).trees[0]!;
    expect(denseShapeOf(msl2)).toEqual({ f: 0, t: 2.5, v: 3, l: { v: 0 }, r: { v: 6 } });
  });

  it('splits classification labels by Gini, first threshold among ties; leaves hold the share of class 1', () => {
    // y = 0,0,1,0,1,1 on x = 1..6: Σ sum²/n after 1..5 rows = 1.8, 2.25, 1.67, 2.25, 1.8 → 2.5 (tie with 4.5).
    const X = denseMatrix([[1], [2], [3], [4], [5], [6]]);
    const y = Float64Array.from([0, 0, 1, 0, 1, 1]);
    const params: ForestParams = { ...baseParams, task: 'classification', maxDepth: 1 };
    const forest = trainCartDenseForest(X, allRows(6), y, params);
    expect(forest.task).toBe('classification');
    expect(denseShapeOf(forest.trees[0]!)).toEqual({ f: 0, t: 2.5, v: 0.5, l: { v: 0 }, r: { v: 0.75 } });
  });

  it('breaks ties between features toward the lowest index', () => {
    // Columns 2 and 1 split y perfectly (at different thresholds), column 0 is noise.
    const rows = [0, 1, 2, 3, 4, 5].map((i) => [(i * 5) % 6, i < 3 ? 10 : 20, i < 3 ? -1 : 1]);
    const y = Float64Array.from(rows, (r) => (r[1] === 10 ? 2 : 7));
    const tree = trainCartDenseForest(denseMatrix(rows), allRows(6), y, baseParams).trees[0]!;
    expect(denseShapeOf(tree)).toEqual({ f: 1, t: 15, v: 4.5, l: { v: 2 }, r: { v: 7 } });
  });

  it('puts thresholds between adjacent doubles on the lower one', () => {
    expect(splitThreshold(1, 2)).toBe(1.5);
    const up = -nextDown(-1);
    expect(splitThreshold(1, up)).toBe(1);
    expect(splitThreshold(-Infinity, 0)).toBe(-Infinity);
    expect(splitThreshold(0, Infinity)).toBe(0);
    expect(splitThreshold(Number.MAX_VALUE, Infinity)).toBe(Number.MAX_VALUE);
    const X = denseMatrix([[1], [up], [1], [up]]);
    const forest = trainCartDenseForest(X, allRows(4), Float64Array.from([0, 1, 0, 1]), baseParams);
    expect(Array.from(predictForest(forest, X, allRows(4)).mean)).toEqual([0, 1, 0, 1]);
  });

  it('matches a plain reference learner tree for tree', () => {
    const { X, y } = randomData(150, 5, 11);
    const configs: Partial<ForestParams>[] = [
      {},
      { bootstrap: true },
      { bootstrap: true, maxDepth: 3 },
      { bootstrap: true, minSamplesLeaf: 4 },
      { task: 'classification', bootstrap: true },
    ];
    for (const c of configs) {
      const params: ForestParams = { ...baseParams, ...c, trees: 3, seed: 5 };
      const labels = params.task === 'classification' ? y.map((v) => (v > 4 ? 1 : 0)) : y;
      const forest = trainCartDenseForest(X, allRows(150), labels, params);
      forest.trees.forEach((tree, t) => {
        expect(denseShapeOf(tree)).toEqual(referenceDenseTree(X, allRows(150), labels, params, t));
      });
    }
  });

  it('does not split when nothing gains', () => {
    const { X } = randomData(30, 3, 1);
    const constant = trainCartDenseForest(X, allRows(30), new Float64Array(30).fill(2.5), baseParams);
    expect(Array.from(constant.trees[0]!.feature)).toEqual([-1]);
    expect(constant.trees[0]!.value[0]).toBe(2.5);
    const twins = denseMatrix([
      [1, 3],
      [1, 3],
    ]);
    const t = trainCartDenseForest(twins, allRows(2), Float64Array.from([0, 1]), baseParams);
    expect(Array.from(t.trees[0]!.feature)).toEqual([-1]);
    expect(t.trees[0]!.value[0]).toBe(0.5);
  });
});

describe('trainCartDenseForest: rules', () => {
  it('honours maxDepth', () => {
    const { X, y } = randomData(200, 4, 2);
    for (const maxDepth of [0, 1, 3]) {
      const forest = trainCartDenseForest(X, allRows(200), y, { ...baseParams, trees: 5, bootstrap: true, maxDepth });
      for (const tree of forest.trees) expect(treeDepth(tree)).toBe(maxDepth);
    }
    const root = trainCartDenseForest(X, allRows(200), y, { ...baseParams, maxDepth: 0 }).trees[0]!;
    expect(root.value[0]).toBeCloseTo(y.reduce((a, b) => a + b, 0) / 200, 12);
    expect(treeDepth(trainCartDenseForest(X, allRows(200), y, baseParams).trees[0]!)).toBeGreaterThan(3);
  });

  it('honours minSamplesLeaf', () => {
    const { X, y } = randomData(200, 4, 4);
    for (const msl of [1, 5, 20]) {
      const tree = trainCartDenseForest(X, allRows(200), y, { ...baseParams, minSamplesLeaf: msl }).trees[0]!;
      const counts = leafCounts(tree, X, allRows(200));
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(msl);
      if (msl === 1) expect(Math.min(...counts)).toBe(1);
    }
  });

  it('fits distinct training rows exactly without bootstrap, and not with it', () => {
    const rows = uniformRows(100, 3, 7, 6);
    const X = denseMatrix(rows);
    const y = Float64Array.from(rows, (r) => r[0]! + 3 * r[1]! * r[2]!);
    const plain = trainCartDenseForest(X, allRows(100), y, { ...baseParams, trees: 4 });
    expect(new Set(plain.trees.map((t) => JSON.stringify(denseShapeOf(t)))).size).toBe(1);
    const p = predictForest(plain, X, allRows(100));
    expect(Array.from(p.mean)).toEqual(Array.from(y));
    const bagged = trainCartDenseForest(X, allRows(100), y, { ...baseParams, trees: 4, bootstrap: true });
    expect(new Set(bagged.trees.map((t) => JSON.stringify(denseShapeOf(t)))).size).toBe(4);
    expect(predictForest(bagged, X, allRows(100)).std.some((s) => s > 0)).toBe(true);
  });

  it('samples maxFeatures candidates per split', () => {
    const { X, y } = randomData(200, 8, 12);
    const all = trainCartDenseForest(X, allRows(200), y, { ...baseParams, trees: 5 });
    const few = trainCartDenseForest(X, allRows(200), y, { ...baseParams, trees: 5, maxFeatures: 'log2' });
    expect(new Set(all.trees.map((t) => Array.from(t.feature).join())).size).toBe(1);
    expect(new Set(few.trees.map((t) => Array.from(t.feature).join())).size).toBe(5);
    // Per split, not per tree: a tree of 3 candidates of 8 still splits on more than 3 features.
    for (const t of few.trees) expect(new Set(Array.from(t.feature).filter((f) => f >= 0)).size).toBeGreaterThan(3);
  });

  it('draws candidates among the features that vary in the node', () => {
    // Columns 0-5 are constant, 6-9 vary; 'log2' gives 3 candidates of 10, yet every node splits as deep as allowed.
    const rows = uniformRows(80, 4, 9).map((r) => [1, 1, 2, 2, 3, 3, ...r]);
    const y = Float64Array.from(rows, (r) => r[6]! + 2 * r[7]! + 3 * r[8]! + 4 * r[9]!);
    const params: ForestParams = { ...baseParams, trees: 6, maxFeatures: 'log2', maxDepth: 3 };
    for (const tree of trainCartDenseForest(denseMatrix(rows), allRows(80), y, params).trees) {
      expect(Array.from(tree.feature).filter((f) => f >= 0).length).toBe(7);
      for (const f of tree.feature) if (f >= 0) expect(f).toBeGreaterThanOrEqual(6);
    }
  });

  it('is deterministic in the seed and equal in pieces', () => {
    const { X, y } = randomData(150, 6, 6);
    for (const maxFeatures of [1.0, 0.5, 'sqrt'] as const) {
      const params: ForestParams = { ...baseParams, trees: 10, bootstrap: true, maxFeatures, seed: 21 };
      const whole = trainCartDenseForest(X, allRows(150), y, params);
      expect(trainCartDenseForest(X, allRows(150), y, params)).toEqual(whole);
      expect(trainCartDenseForest(X, allRows(150), y, { ...params, seed: 22 })).not.toEqual(whole);
      const pieces = mergeForests([
        trainCartDenseForest(X, allRows(150), y, { ...params, trees: 5 }, 0),
        trainCartDenseForest(X, allRows(150), y, { ...params, trees: 5 }, 5),
      ]);
      expect(pieces).toEqual(whole);
    }
  });

  it('uses only the listed rows, in order, duplicates included', () => {
    const { X, y } = randomData(60, 3, 3);
    const rows = Int32Array.from([59, 2, 5, 10, 11, 20, 21, 33, 2, 2]);
    const ySub = Float64Array.from(rows, (r) => y[r]!);
    const params: ForestParams = { ...baseParams, trees: 2, bootstrap: true };
    const forest = trainCartDenseForest(X, rows, ySub, params);
    const sub = denseMatrix(Array.from(rows, (r) => Array.from(X.data.subarray(r * 3, r * 3 + 3))));
    expect(forest).toEqual(trainCartDenseForest(sub, allRows(rows.length), ySub, params));
  });

  it('rejects bad input', () => {
    const { X, y } = randomData(40, 3, 5);
    expectAlcoveError(() => trainCartDenseForest(X, allRows(39), y, baseParams), 'BAD_DATA');
    expectAlcoveError(
      () => trainCartDenseForest(X, Int32Array.from([0, 40]), Float64Array.from([1, 2]), baseParams),
      'BAD_DATA',
    );
    expectAlcoveError(
      () => trainCartDenseForest(X, allRows(40), y, { ...baseParams, task: 'classification' }),
      'BAD_DATA',
    );
    expectAlcoveError(() => trainCartDenseForest(X, allRows(40), y, { ...baseParams, maxFeatures: 0 }), 'BAD_CONFIG');
    expectAlcoveError(() => trainCartDenseForest(X, allRows(40), y, baseParams, -1), 'BAD_CONFIG');
    const withNaN: DenseMatrix = { ...X, data: Float64Array.from(X.data, (v, i) => (i === 7 ? Number.NaN : v)) };
    expectAlcoveError(() => trainCartDenseForest(withNaN, allRows(40), y, baseParams), 'BAD_DATA');
    const bogus = { ...baseParams, denseEngine: 'xgboost' } as unknown as ForestParams;
    expectAlcoveError(() => trainCartDenseForest(X, allRows(40), y, bogus), 'BAD_CONFIG');
  });
});
