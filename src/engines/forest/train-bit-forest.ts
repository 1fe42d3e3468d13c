/**
 * Random forest on packed binary fingerprints (kind 'bits'): bootstrap as integer weights, per-split feature
 * sampling, variance-reduction splits (for 0/1 labels this is proportional to Gini, and leaves hold the share
 * of class 1). Tree `t` draws all its randomness from `createRng(params.seed, 'tree', t)`, so trees
 * [0, 50) trained in one worker plus [50, 100) in another equal trees [0, 100) trained at once.
 */
import type { BitMatrix } from '../../shared/features.js';
import type { FlatTree, ForestParams, SerializedForest } from '../../shared/forest-types.js';
import { createRng } from '../../shared/rng.js';
import { assertFirstTree, assertForestParams, assertTrainingData, resolveMaxFeatures } from './forest-params.js';
import { createBitTreeScratch } from './bit-tree-scratch.js';
import { growBitTree, type BitTreeData, type BitTreeOptions } from './grow-bit-tree.js';
import { assertBitMatrix, toSparseBits } from './sparse-bits.js';

/**
 * Trains trees [firstTree, firstTree + params.trees) on X rows `rows[i]` with labels `y[i]`.
 * @throws AlcoveError BAD_CONFIG (parameters) or BAD_DATA (matrix, rows, labels).
 */
export function trainBitForest(
  X: BitMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  firstTree = 0,
): SerializedForest {
  assertForestParams(params);
  assertFirstTree(firstTree);
  assertBitMatrix(X);
  assertTrainingData(X.rows, rows, y, params.task);

  const n = rows.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  const yCentred = new Float64Array(n);
  for (let i = 0; i < n; i++) yCentred[i] = y[i]! - mean;
  const rowBase = new Int32Array(n);
  for (let i = 0; i < n; i++) rowBase[i] = rows[i]! * X.bytesPerRow;

  const sparse = toSparseBits(X, rows);
  const data: BitTreeData = {
    sparse,
    packed: X.data,
    rowBase,
    features: X.bits,
    y,
    yCentred,
  };
  const opts: BitTreeOptions = {
    maxDepth: params.maxDepth ?? Infinity,
    minSamplesLeaf: params.minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(params.maxFeatures, X.bits),
    bootstrap: params.bootstrap,
  };
  const scratch = createBitTreeScratch(sparse, X.bits);
  const trees: FlatTree[] = [];
  for (let t = firstTree; t < firstTree + params.trees; t++) {
    trees.push(growBitTree(data, opts, createRng(params.seed, 'tree', t), scratch));
  }
  return { kind: 'bits', task: params.task, features: X.bits, trees };
}
