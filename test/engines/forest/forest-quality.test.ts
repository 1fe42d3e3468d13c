import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../../src/shared/features.js';
import type { ForestParams } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';
import { predictForest } from '../../../src/engines/forest/predict-forest.js';
import { trainBitForest } from '../../../src/engines/forest/train-bit-forest.js';
import { trainCartDenseForest } from '../../../src/engines/forest/train-cart-dense-forest.js';
import { trainDenseForest } from '../../../src/engines/forest/train-dense-forest.js';
import { allRows, baseParams, bitMatrix, rSquared } from './helpers.js';

/**
 * 2048-bit fingerprints with ~60 random on-bits; 10 informative bits are each on in 30% of rows and
 * y = Σ weight·bit + N(0, 0.5²). The signal variance is ≈ 0.21 Σ w² ≈ 8, so the best possible R² is ≈ 0.97.
 */
function syntheticData(rows: number, seed: number) {
  const rng = createRng(seed, 'quality');
  const informative = Array.from({ length: 10 }, (_, j) => ({ bit: 100 + 193 * j, w: 1 + (j % 4) * 0.6 }));
  const on: number[][] = [];
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const bits = new Set<number>();
    for (let k = 0; k < 57; k++) bits.add(rng.int(2048));
    let v = 0;
    for (const { bit, w } of informative) {
      bits.delete(bit);
      if (rng.next() < 0.3) {
        bits.add(bit);
        v += w;
      }
    }
    on.push([...bits]);
    y[r] = v + 0.5 * rng.normal();
  }
  return { X: bitMatrix(on, 2048), y };
}

describe('bit forest quality', () => {
  const { X, y } = syntheticData(2000, 1);
  const train = allRows(1500);
  const test = Int32Array.from({ length: 500 }, (_, i) => 1500 + i);
  const yTrain = y.subarray(0, 1500);
  const yTest = y.subarray(1500);

  it.each([
    ['all features, unlimited depth', { maxFeatures: 1.0, maxDepth: null }],
    ['half the features, depth 10', { maxFeatures: 0.5, maxDepth: 10 }],
  ] as const)('explains held-out rows (R² > 0.7): %s', (_name, opts) => {
    const forest = trainBitForest(X, train, yTrain, { ...baseParams, ...opts, trees: 50, bootstrap: true, seed: 4 });
    const p = predictForest(forest, X, test);
    const r2 = rSquared(yTest, p.mean);
    expect(r2).toBeGreaterThan(0.7);
    // The spread across trees is an uncertainty, not noise: it is positive and well below the label spread.
    const meanStd = p.std.reduce((a, b) => a + b, 0) / p.std.length;
    expect(meanStd).toBeGreaterThan(0);
    const yMean = yTest.reduce((a, b) => a + b, 0) / yTest.length;
    const ySd = Math.sqrt(yTest.reduce((a, b) => a + (b - yMean) ** 2, 0) / yTest.length);
    expect(meanStd).toBeLessThan(0.6 * ySd);
  });
});

/** Friedman #1: y = 10 sin(π x0 x1) + 20 (x2 − ½)² + 10 x3 + 5 x4 + N(0, 1), x uniform on [0, 1)^10 (5 unused). */
function friedman(rows: number, seed: number) {
  const rng = createRng(seed, 'friedman');
  const data = new Float64Array(rows * 10);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: 10 }, () => rng.next());
    data.set(x, r * 10);
    y[r] = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]! + rng.normal();
  }
  const X: DenseMatrix = { kind: 'dense', rows, cols: 10, data, names: Array.from({ length: 10 }, (_, j) => `x${j}`) };
  return { X, y };
}

describe('dense forest quality', () => {
  const { X, y } = friedman(800, 2);
  const train = allRows(600);
  const test = Int32Array.from({ length: 200 }, (_, i) => 600 + i);
  const yTrain = y.subarray(0, 600);
  const yTest = y.subarray(600);
  const params: ForestParams = { ...baseParams, trees: 30, maxDepth: 8, bootstrap: true, seed: 4 };

  it('explains a nonlinear target (R² > 0.8), no worse than ml-random-forest', () => {
    const cart = rSquared(yTest, predictForest(trainCartDenseForest(X, train, yTrain, params), X, test).mean);
    const ml = rSquared(yTest, predictForest(trainDenseForest(X, train, yTrain, params), X, test).mean);
    expect(cart).toBeGreaterThan(0.8);
    expect(cart).toBeGreaterThan(ml - 0.02);
  });

  it("keeps quality with maxFeatures 'sqrt'", () => {
    const forest = trainCartDenseForest(X, train, yTrain, { ...params, maxFeatures: 'sqrt', maxDepth: null });
    expect(rSquared(yTest, predictForest(forest, X, test).mean)).toBeGreaterThan(0.75);
  });
});
