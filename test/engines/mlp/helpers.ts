/** Data builders shared by the network tests (matrix builders come from the forest tests' helpers). */
import type { BitMatrix } from '../../../src/shared/features.js';
import { createRng } from '../../../src/shared/rng.js';
import { bitMatrix, randomOnBits } from '../forest/helpers.js';

export interface SparseLinearData {
  readonly X: BitMatrix;
  readonly y: Float64Array;
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** `rows` random rows of `bits` bits (~8% on); y = 10 + Σ w_b over on-bits, w non-zero on every 8th bit. */
export function sparseLinear(rows: number, bits: number, testRows: number, seed = 7): SparseLinearData {
  const on = randomOnBits(rows, bits, 0.08, seed);
  const rng = createRng(seed, 'weights');
  const w = Float64Array.from({ length: bits }, (_, b) => (b % 8 === 0 ? 2 * rng.normal() : 0));
  const y = Float64Array.from(on, (row) => row.reduce((s, b) => s + w[b]!, 10));
  return {
    X: bitMatrix(on, bits),
    y,
    train: range(0, rows - testRows),
    test: range(rows - testRows, rows),
  };
}

export function range(from: number, to: number): Int32Array {
  return Int32Array.from({ length: to - from }, (_, i) => from + i);
}

/** Labels of `rows` (indices into y) as a new array. */
export function pick(y: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => y[r]!);
}

/** Population mean and SD of each position across samples. */
export function meanAndSd(samples: readonly Float64Array[]): { mean: number[]; sd: number[] } {
  const n = samples[0]!.length;
  const mean = Array.from({ length: n }, (_, r) => samples.reduce((s, x) => s + x[r]!, 0) / samples.length);
  const sd = mean.map((m, r) => Math.sqrt(samples.reduce((s, x) => s + (x[r]! - m) ** 2, 0) / samples.length));
  return { mean, sd };
}
