/**
 * Network inputs as compressed sparse rows: row i's non-zero inputs are `index[offsets[i] .. offsets[i + 1])`
 * with values `value[...]` (null for fingerprints: every listed input is 1). Built once per training call, so
 * the first layer is a gather-sum over ~80 on-bits instead of a 2048-wide product, and dense descriptor rows
 * (standardised, hence nearly all non-zero) go through the same kernel as a plain dense product.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { DenseMatrix, FeatureMatrix } from '../../shared/features.js';
import { assertBitMatrix, toSparseBits } from '../forest/sparse-bits.js';

export interface MlpInput {
  readonly rows: number;
  readonly offsets: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array | null;
}

/** Per-column standardisation of dense inputs: x' = (x - mean) * scale. */
export interface InputScaling {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

/** Number of network inputs of a matrix (bits or columns). */
export function inputWidth(X: FeatureMatrix): number {
  return X.kind === 'bits' ? X.bits : X.cols;
}

/** Checks the matrix buffer and that every row index is an integer inside it; returns the rows as Int32Array. */
export function checkedRows(X: FeatureMatrix, rows: ArrayLike<number>, code: 'BAD_DATA' | 'BAD_INPUT'): Int32Array {
  if (X.kind === 'bits') assertBitMatrix(X);
  else if (!Number.isInteger(X.cols) || X.cols <= 0 || X.data.length < X.rows * X.cols) {
    throw new AlcoveError(code, `mlp: dense matrix data does not hold ${X.rows} rows × ${X.cols} columns`);
  }
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= X.rows) {
      throw new AlcoveError(code, `mlp: rows[${i}] = ${r} is outside the matrix (${X.rows} rows)`);
    }
    out[i] = r;
  }
  return out;
}

/**
 * Population mean and 1/SD of each column over `rows` (a constant column gets scale 0, so it drops out).
 * @throws AlcoveError BAD_DATA on a non-finite value.
 */
export function fitInputScaling(X: DenseMatrix, rows: Int32Array): InputScaling {
  const { cols, data } = X;
  const mean = new Float64Array(cols);
  const scale = new Float64Array(cols);
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j]!;
      if (!Number.isFinite(v)) throw new AlcoveError('BAD_DATA', `mlp: row ${rows[i]} column ${j} is ${v}`);
      mean[j]! += v;
    }
  }
  for (let j = 0; j < cols; j++) mean[j]! /= rows.length;
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * cols;
    for (let j = 0; j < cols; j++) scale[j]! += (data[base + j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < cols; j++) {
    const sd = Math.sqrt(scale[j]! / rows.length);
    scale[j] = sd > 0 ? 1 / sd : 0;
  }
  return { mean, scale };
}

/** The network inputs of X rows `rows[0..n)`, in that order; dense matrices need their training scaling. */
export function toMlpInput(X: FeatureMatrix, rows: Int32Array, scaling: InputScaling | null): MlpInput {
  if (X.kind === 'bits') {
    const sparse = toSparseBits(X, rows);
    return { rows: rows.length, offsets: sparse.offsets, index: sparse.bits, value: null };
  }
  if (scaling === null) throw new AlcoveError('INTERNAL', 'mlp: dense input without its scaling');
  return toDenseInput(X, rows, scaling);
}

function toDenseInput(X: DenseMatrix, rows: Int32Array, scaling: InputScaling): MlpInput {
  const { cols, data } = X;
  const { mean, scale } = scaling;
  const offsets = new Int32Array(rows.length + 1);
  const index = new Int32Array(rows.length * cols);
  const value = new Float64Array(rows.length * cols);
  let p = 0;
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * cols;
    for (let j = 0; j < cols; j++) {
      // NaN (a failed descriptor at prediction) stays NaN and shows in the output rather than passing for 0.
      const v = (data[base + j]! - mean[j]!) * scale[j]!;
      if (v === 0) continue;
      index[p] = j;
      value[p++] = v;
    }
    offsets[i + 1] = p;
  }
  return { rows: rows.length, offsets, index: index.slice(0, p), value: value.slice(0, p) };
}
