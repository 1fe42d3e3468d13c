/**
 * The training rows of a dense matrix, column-major and presorted once per training call: the input of every
 * tree grown by grow-dense-tree.ts. Sorting here (O(F · n log n)) rather than per tree or per node is what
 * makes the dense CART cheap: a tree only filters these orders down to its bootstrap sample, O(F · n).
 */
import type { DenseMatrix } from '../../shared/features.js';

export interface DenseColumns {
  /** Training samples (entries of `rows`, a row listed twice counts twice). */
  readonly samples: number;
  readonly features: number;
  /** Feature f of sample i is `values[f * samples + i]`. */
  readonly values: Float64Array;
  /**
   * Per feature, the samples in ascending order of value, ties by sample index:
   * `order[f * samples .. (f + 1) * samples)`.
   */
  readonly order: Int32Array;
}

/** Columns of X rows `rows[0..n)` (no NaN: the caller checks). */
export function toDenseColumns(X: DenseMatrix, rows: Int32Array): DenseColumns {
  const n = rows.length;
  const F = X.cols;
  const values = new Float64Array(F * n);
  for (let i = 0; i < n; i++) {
    const src = rows[i]! * F;
    for (let f = 0; f < F; f++) values[f * n + i] = X.data[src + f]!;
  }
  const order = new Int32Array(F * n);
  const one = new Int32Array(n);
  for (let f = 0; f < F; f++) {
    const base = f * n;
    for (let i = 0; i < n; i++) one[i] = i;
    // `||` falls through to the index on equal values (and on ±Infinity − ±Infinity = NaN).
    one.sort((a, b) => values[base + a]! - values[base + b]! || a - b);
    order.set(one, base);
  }
  return { samples: n, features: F, values, order };
}
