/**
 * Forest prediction for bit and dense forests: per-molecule mean and population std over the trees.
 *
 * Rows are processed in blocks of BLOCK rows, each block walked through every tree: a block's packed rows stay
 * in cache across the trees, and one tree's nodes stay hot across the block (tree-outer over all rows would miss
 * the cache at every level of every tree). Bit nodes test `bit <= threshold` (0.5: bit off → left); dense
 * nodes test `X.data[row * cols + feature] <= threshold` (NaN → right).
 * The std uses Welford's update, so it is exactly 0 when all trees agree; the mean is sum / trees.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { BitMatrix, DenseMatrix, FeatureMatrix } from '../../shared/features.js';
import type { FlatTree, ForestPrediction, SerializedForest } from '../../shared/forest-types.js';
import { assertValidForest } from './validate-forest.js';

const BLOCK = 256;

export function predictForest(forest: SerializedForest, X: FeatureMatrix, rows: Int32Array): ForestPrediction {
  checkInputs(forest, X, rows);
  const n = rows.length;
  const T = forest.trees.length;
  const sum = new Float64Array(n);
  const runMean = new Float64Array(n);
  const m2 = new Float64Array(n);
  const buf = new Float64Array(BLOCK);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    for (let t = 0; t < T; t++) {
      walkBlock(forest.trees[t]!, X, rows, b0, b1, buf, 0);
      const k = t + 1;
      for (let r = b0; r < b1; r++) {
        const v = buf[r - b0]!;
        sum[r]! += v;
        const delta = v - runMean[r]!;
        runMean[r]! += delta / k;
        m2[r]! += delta * (v - runMean[r]!);
      }
    }
  }
  const std = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    sum[r]! /= T;
    std[r] = Math.sqrt(Math.max(0, m2[r]! / T));
  }
  return { mean: sum, std };
}

/** Per-tree predictions, tree-major: element `t * rows.length + r` is tree t's prediction for `rows[r]`. */
export function predictPerTree(forest: SerializedForest, X: FeatureMatrix, rows: Int32Array): Float64Array {
  checkInputs(forest, X, rows);
  const n = rows.length;
  const out = new Float64Array(forest.trees.length * n);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    forest.trees.forEach((tree, t) => walkBlock(tree, X, rows, b0, b1, out, t * n + b0));
  }
  return out;
}

function checkInputs(forest: SerializedForest, X: FeatureMatrix, rows: Int32Array): void {
  assertValidForest(forest);
  if (forest.trees.length === 0) throw new AlcoveError('BAD_INPUT', 'forest: cannot predict with 0 trees');
  if (X.kind !== forest.kind)
    throw new AlcoveError('BAD_INPUT', `forest: a ${forest.kind} forest got ${X.kind} features`);
  const width = X.kind === 'bits' ? X.bits : X.cols;
  if (width !== forest.features) {
    throw new AlcoveError('BAD_INPUT', `forest: trained on ${forest.features} features, got ${width}`);
  }
  const needed = X.kind === 'bits' ? X.rows * X.bytesPerRow : X.rows * X.cols;
  if (X.data.length < needed) throw new AlcoveError('BAD_INPUT', `forest: matrix data shorter than ${X.rows} rows`);
  if (X.kind === 'bits' && X.bytesPerRow < Math.ceil(X.bits / 8)) {
    throw new AlcoveError('BAD_INPUT', `forest: ${X.bits} bits do not fit ${X.bytesPerRow} bytes per row`);
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r < 0 || r >= X.rows) throw new AlcoveError('BAD_INPUT', `forest: rows[${i}] = ${r} outside ${X.rows} rows`);
  }
}

function walkBlock(
  tree: FlatTree,
  X: FeatureMatrix,
  rows: Int32Array,
  b0: number,
  b1: number,
  out: Float64Array,
  outOffset: number,
): void {
  if (X.kind === 'bits') walkBitBlock(tree, X, rows, b0, b1, out, outOffset);
  else walkDenseBlock(tree, X, rows, b0, b1, out, outOffset);
}

function walkBitBlock(
  tree: FlatTree,
  X: BitMatrix,
  rows: Int32Array,
  b0: number,
  b1: number,
  out: Float64Array,
  outOffset: number,
): void {
  const { feature, threshold, left, right, value } = tree;
  const { data, bytesPerRow } = X;
  for (let r = b0; r < b1; r++) {
    const base = rows[r]! * bytesPerRow;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const bit = (data[base + (f >> 3)]! >> (f & 7)) & 1;
      node = bit <= threshold[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[outOffset + r - b0] = value[node]!;
  }
}

function walkDenseBlock(
  tree: FlatTree,
  X: DenseMatrix,
  rows: Int32Array,
  b0: number,
  b1: number,
  out: Float64Array,
  outOffset: number,
): void {
  const { feature, threshold, left, right, value } = tree;
  const { data, cols } = X;
  for (let r = b0; r < b1; r++) {
    const base = rows[r]! * cols;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      node = data[base + f]! <= threshold[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[outOffset + r - b0] = value[node]!;
  }
}
