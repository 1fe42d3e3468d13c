/**
 * Random forest on dense descriptor features (kind 'dense') with the presorted CART of grow-dense-tree.ts:
 * scikit-learn's RandomForestRegressor / RandomForestClassifier recipe (bootstrap as integer weights,
 * `maxFeatures` candidates drawn per split, MSE or Gini splits at midpoints between distinct values). The output is
 * the same `SerializedForest` as trainDenseForest's (ml-random-forest), so one `predictForest` serves both.
 *
 * Tree `t` draws all its randomness from `createRng(params.seed, 'tree', t)`, as the bit forest does, so trees
 * [0, 5) trained in one worker plus [5, 10) in another equal trees [0, 10) trained at once.
 */
import type { DenseMatrix } from '../../shared/features.js';
import type { FlatTree, ForestParams, SerializedForest } from '../../shared/forest-types.js';
import { createRng } from '../../shared/rng.js';
import { assertDenseMatrix, assertNoNaN } from './assert-dense-matrix.js';
import { toDenseColumns } from './dense-columns.js';
import { assertFirstTree, assertForestParams, assertTrainingData, resolveMaxFeatures } from './forest-params.js';
import { createDenseTreeScratch } from './dense-tree-scratch.js';
import { growDenseTree, type DenseTreeData, type DenseTreeOptions } from './grow-dense-tree.js';

/**
 * Trains trees [firstTree, firstTree + params.trees) on X rows `rows[i]` with labels `y[i]`.
 * @throws AlcoveError BAD_CONFIG (parameters) or BAD_DATA (matrix, rows, labels, NaN in a training row).
 */
export function trainCartDenseForest(
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

  const n = rows.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  const yCentred = new Float64Array(n);
  for (let i = 0; i < n; i++) yCentred[i] = y[i]! - mean;

  const columns = toDenseColumns(X, rows);
  const data: DenseTreeData = { columns, y, yCentred };
  const opts: DenseTreeOptions = {
    maxDepth: params.maxDepth ?? Infinity,
    minSamplesLeaf: params.minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(params.maxFeatures, X.cols),
    bootstrap: params.bootstrap,
  };
  const scratch = createDenseTreeScratch(n, X.cols);
  const trees: FlatTree[] = [];
  for (let t = firstTree; t < firstTree + params.trees; t++) {
    trees.push(growDenseTree(data, opts, createRng(params.seed, 'tree', t), scratch));
  }
  return { kind: 'dense', task: params.task, features: X.cols, trees };
}
