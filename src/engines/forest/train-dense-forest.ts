/**
 * Random forest on dense descriptor features (kind 'dense'), built on ml-random-forest / ml-cart and converted
 * into the same `FlatTree` format as the bit forest, so one `predictForest` serves both. The worker uses it only
 * when `params.denseEngine` is 'ml-random-forest'; the default dense engine is train-cart-dense-forest.ts.
 *
 * How ml-random-forest is driven, and where it differs from the bit forest / scikit-learn:
 * - Seeding: ml-random-forest chains one Mersenne Twister seed through all its estimators, so tree t of an
 *   N-tree forest depends on trees 0..t-1. To make trees independent (and chunked training equal whole training)
 *   each tree is a separate 1-estimator forest seeded with `deriveSeed(params.seed, 'tree', t)`. Randomness
 *   inside ml-random-forest comes from its own MT19937 (random-js), seeded from our seed, not from `rng.ts`.
 * - Feature sampling is per tree, not per split: each tree sees a fixed random subset of
 *   `resolveMaxFeatures(...)` columns (drawn without replacement) and ml-cart searches all of them at every node.
 * - Bootstrap duplicates rows (n draws with replacement) rather than weighting them — the same estimator.
 * - minSamplesLeaf: ml-cart only knows `minNumSamples` (a node with ≤ minNumSamples rows becomes a leaf). We set
 *   it to 2·minSamplesLeaf − 1, so nodes too small to split legally stay leaves, but ml-cart does not stop a
 *   split that leaves a child smaller than minSamplesLeaf.
 * - ml-cart's regression "gain" is the children's squared error and a split needs `gain > gainThreshold` and
 *   `gain !== parentGain` (0 at the root). We pass gainThreshold −1 so perfect splits (error 0) are allowed
 *   below the root; at the root a perfect split is still refused (error 0 === the root's parentGain 0): a
 *   noise-free step function of one feature gives a single-leaf tree. Classification uses Gini gain > 0.
 * - Thresholds: ml-cart splits at midpoints of sorted values with `x < v`; see ml-cart-to-flat.ts.
 * Speed: ml-cart re-partitions the node for every candidate threshold of every feature (≈ O(n² · features) per
 * node), so this engine is for small descriptor sets (hundreds of rows, tens of columns), not fingerprints:
 * on 500 rows × 2048 0/1 columns it is four orders of magnitude slower than trainBitForest (bench/README.md).
 */
import { createRequire } from 'node:module';
import type * as MlRandomForest from 'ml-random-forest';
import { AlcoveError } from '../../shared/errors.js';
import type { DenseMatrix } from '../../shared/features.js';
import type { FlatTree, ForestParams, SerializedForest } from '../../shared/forest-types.js';
import { deriveSeed } from '../../shared/rng.js';
import { assertDenseMatrix, assertNoNaN } from './assert-dense-matrix.js';
import { assertFirstTree, assertForestParams, assertTrainingData, resolveMaxFeatures } from './forest-params.js';
import { mlCartToFlat } from './ml-cart-to-flat.js';

/**
 * ml-random-forest (CommonJS) is required on first use: importing it would lengthen every worker thread's
 * boot (bench/README.md), and bit-fingerprint campaigns never train a dense forest.
 */
let ml: typeof MlRandomForest | undefined;
const mlRandomForest = (): typeof MlRandomForest =>
  (ml ??= createRequire(import.meta.url)('ml-random-forest') as typeof MlRandomForest);

/** The part of an ml-random-forest model this module uses. */
export interface MlForestModel {
  train(X: number[][], y: number[]): void;
  predict(X: number[][]): number[];
}

/** Trains trees [firstTree, firstTree + params.trees) on X rows `rows[i]` with labels `y[i]`. */
export function trainDenseForest(
  X: DenseMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  firstTree = 0,
): SerializedForest {
  assertForestParams(params);
  assertFirstTree(firstTree);
  assertDenseMatrix(X);
  assertTrainingData(X.rows, rows, y, params.task);
  assertNoNaN(X, rows);
  const Xs = denseRows(X, rows);
  const ys = Array.from(y);
  const trees: FlatTree[] = [];
  for (let t = firstTree; t < firstTree + params.trees; t++)
    trees.push(fitMlForestTree(Xs, ys, X.cols, params, t).tree);
  return { kind: 'dense', task: params.task, features: X.cols, trees };
}

/**
 * Tree `treeIndex` as a 1-estimator ml-random-forest model, plus its `FlatTree`. Exposed so tests can compare
 * `predictForest` with ml-random-forest's own `predict`.
 */
export function fitMlForestTree(
  Xs: number[][],
  ys: number[],
  cols: number,
  params: ForestParams,
  treeIndex: number,
): { readonly model: MlForestModel; readonly tree: FlatTree } {
  const k = resolveMaxFeatures(params.maxFeatures, cols);
  const minSamplesLeaf = params.minSamplesLeaf;
  const options = {
    nEstimators: 1,
    seed: deriveSeed(params.seed, 'tree', treeIndex),
    // ml-random-forest reads a number in (0, 1] as a fraction (so 1 means all columns) and takes
    // floor(cols × fraction): (k + 0.5) / cols floors to exactly k.
    maxFeatures: k >= cols ? 1.0 : (k + 0.5) / cols,
    replacement: false,
    useSampleBagging: params.bootstrap,
    noOOB: true,
    treeOptions: {
      maxDepth: params.maxDepth ?? Infinity,
      minNumSamples: 2 * minSamplesLeaf - 1,
      gainThreshold: params.task === 'regression' ? -1 : 0,
    },
  };
  const forest =
    params.task === 'regression'
      ? new (mlRandomForest().RandomForestRegression)({ ...options, selectionMethod: 'mean' })
      : new (mlRandomForest().RandomForestClassifier)(options);
  forest.train(Xs, ys);
  const internals = forest as unknown as { estimators?: unknown; indexes?: unknown };
  const estimator = Array.isArray(internals.estimators) ? (internals.estimators[0] as unknown) : undefined;
  const usedIndex = Array.isArray(internals.indexes) ? (internals.indexes[0] as unknown) : undefined;
  if (typeof estimator !== 'object' || estimator === null || !Array.isArray(usedIndex)) {
    throw new AlcoveError('INTERNAL', 'ml-random-forest: unexpected model layout (estimators/indexes)');
  }
  const tree = mlCartToFlat((estimator as { root?: unknown }).root, usedIndex as number[], params.task);
  return { model: forest, tree };
}

/** The selected rows as arrays of numbers (ml-random-forest's input format). */
export function denseRows(X: DenseMatrix, rows: Int32Array): number[][] {
  return Array.from(rows, (r) => Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)));
}
