import { describe, expect, it } from 'vitest';
import type { ForestParams } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';
import { mergeForests } from '../../../src/engines/forest/merge-forests.js';
import { nextDown } from '../../../src/engines/forest/ml-cart-to-flat.js';
import { predictForest, predictPerTree } from '../../../src/engines/forest/predict-forest.js';
import { denseRows, fitMlForestTree, trainDenseForest } from '../../../src/engines/forest/train-dense-forest.js';
import { allRows, baseParams, denseMatrix } from './helpers.js';

/** n rows of `cols` uniform values in [0, 1), rounded to 2 decimals (so values repeat). */
function uniformRows(n: number, cols: number, seed: number): number[][] {
  const rng = createRng(seed, 'dense-test');
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => Math.round(rng.next() * 100) / 100));
}

function nextUp(v: number): number {
  return -nextDown(-v);
}

describe('nextDown', () => {
  it('is the largest double below v', () => {
    for (const v of [1, 0.5, 0.3, 1e-300, -2, 123456.789, Number.MAX_VALUE]) {
      const d = nextDown(v);
      expect(d).toBeLessThan(v);
      const mid = d + (v - d) / 2; // half an ulp: rounds onto d or v when nothing lies in between
      expect(mid === d || mid === v).toBe(true);
    }
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
    expect(nextDown(Number.MIN_VALUE)).toBe(0);
    expect(nextDown(Infinity)).toBe(Number.MAX_VALUE);
  });
});

describe('trainDenseForest', () => {
  const rows = uniformRows(80, 3, 1);
  const X = denseMatrix(rows);
  const step = Float64Array.from(rows, (r) => (r[0]! > 0.5 ? 1 : 0));
  const test = denseMatrix(uniformRows(200, 3, 2));

  it('learns y = x0 > 0.5 as a classifier', () => {
    const params: ForestParams = { ...baseParams, task: 'classification', trees: 5, bootstrap: true };
    const forest = trainDenseForest(X, allRows(80), step, params);
    expect(forest.kind).toBe('dense');
    expect(forest.features).toBe(3);
    for (const tree of forest.trees) expect(tree.feature[0]).toBe(0);
    const p = predictForest(forest, test, allRows(200)).mean;
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    let wrong = 0;
    for (let r = 0; r < 200; r++) if (p[r]! > 0.5 !== test.data[r * 3]! > 0.5) wrong++;
    expect(wrong).toBeLessThanOrEqual(6); // only rows between the training values around 0.5 can be wrong
  });

  it('learns y = (x0 > 0.5) + x1 / 10 as a regressor', () => {
    const y = Float64Array.from(rows, (r) => (r[0]! > 0.5 ? 1 : 0) + r[1]! / 10);
    const forest = trainDenseForest(X, allRows(80), y, { ...baseParams, trees: 10, bootstrap: true });
    const p = predictForest(forest, test, allRows(200)).mean;
    let err = 0;
    for (let r = 0; r < 200; r++) {
      const truth = (test.data[r * 3]! > 0.5 ? 1 : 0) + test.data[r * 3 + 1]! / 10;
      err += Math.abs(p[r]! - truth);
    }
    expect(err / 200).toBeLessThan(0.08);
  });

  it("predicts exactly what ml-random-forest's own predict does", () => {
    const y = Float64Array.from(rows, (r) => r[0]! * 2 + (r[1]! > 0.3 ? 1 : 0) + r[2]! * r[0]!);
    const labels = Float64Array.from(rows, (r) => (r[0]! + r[2]! > 1 ? 1 : 0));
    for (const [task, target] of [
      ['regression', y],
      ['classification', labels],
    ] as const) {
      const params: ForestParams = { ...baseParams, task, trees: 4, bootstrap: true, maxFeatures: 'sqrt', seed: 3 };
      const forest = trainDenseForest(X, allRows(80), target, params);
      // Probe rows: test rows, plus rows sitting exactly on each split value and just below it.
      const probes = denseRows(test, allRows(200));
      for (const tree of forest.trees) {
        tree.feature.forEach((f, i) => {
          if (f < 0) return;
          const v = nextUp(tree.threshold[i]!);
          probes.push([0.5, 0.5, 0.5].map((x, j) => (j === f ? v : x)));
          probes.push([0.5, 0.5, 0.5].map((x, j) => (j === f ? tree.threshold[i]! : x)));
        });
      }
      const P = denseMatrix(probes);
      const perTree = predictPerTree(forest, P, allRows(P.rows));
      const Xs = denseRows(X, allRows(80));
      for (let t = 0; t < params.trees; t++) {
        const { model } = fitMlForestTree(Xs, Array.from(target), 3, params, t);
        const theirs = model.predict(probes);
        const ours = Array.from(perTree.subarray(t * P.rows, (t + 1) * P.rows));
        // ml-random-forest's classifier predicts the majority class of the leaf (ties → class 0).
        expect(task === 'regression' ? ours : ours.map((v) => (v > 0.5 ? 1 : 0))).toEqual(theirs);
      }
    }
  });

  it('is deterministic, seed-sensitive, and equal in pieces', () => {
    const y = Float64Array.from(rows, (r) => r[0]! + r[1]! * r[2]!);
    const params: ForestParams = { ...baseParams, trees: 4, bootstrap: true, maxFeatures: 0.7, seed: 8 };
    const whole = trainDenseForest(X, allRows(80), y, params);
    expect(trainDenseForest(X, allRows(80), y, params)).toEqual(whole);
    expect(trainDenseForest(X, allRows(80), y, { ...params, seed: 9 })).not.toEqual(whole);
    const pieces = mergeForests([
      trainDenseForest(X, allRows(80), y, { ...params, trees: 1 }, 0),
      trainDenseForest(X, allRows(80), y, { ...params, trees: 3 }, 1),
    ]);
    expect(pieces).toEqual(whole);
  });

  it('gives each tree its own feature subset and honours maxDepth', () => {
    const wide = denseMatrix(uniformRows(60, 9, 4));
    const y = Float64Array.from({ length: 60 }, (_, r) => wide.data[r * 9]! + wide.data[r * 9 + 8]!);
    const params: ForestParams = { ...baseParams, trees: 6, maxFeatures: 'sqrt', maxDepth: 2 };
    const forest = trainDenseForest(wide, allRows(60), y, params);
    const subsets = forest.trees.map((t) => new Set(Array.from(t.feature).filter((f) => f >= 0)));
    for (const s of subsets) expect(s.size).toBeLessThanOrEqual(3);
    expect(new Set(subsets.map((s) => [...s].sort().join())).size).toBeGreaterThan(1);
    for (const t of forest.trees) expect(t.feature.length).toBeLessThanOrEqual(7);
  });
});
