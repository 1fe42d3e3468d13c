/** Checks of a dense training matrix, shared by both dense trainers. Bad arrays are data errors (`BAD_DATA`). */
import { AlcoveError } from '../../shared/errors.js';
import type { DenseMatrix } from '../../shared/features.js';

export function assertDenseMatrix(X: DenseMatrix): void {
  if (!Number.isInteger(X.cols) || X.cols <= 0 || X.data.length < X.rows * X.cols) {
    throw new AlcoveError('BAD_DATA', `dense matrix: ${X.data.length} values for ${X.rows} rows × ${X.cols} columns`);
  }
}

/**
 * Training rows must not hold NaN: both trainers sort feature values, and NaN has no place in an order
 * (prediction sends it right, but no split was ever chosen with it in view).
 */
export function assertNoNaN(X: DenseMatrix, rows: Int32Array): void {
  for (const r of rows) {
    for (let c = 0; c < X.cols; c++) {
      if (Number.isNaN(X.data[r * X.cols + c]!)) {
        throw new AlcoveError('BAD_DATA', `dense matrix: NaN in training row ${r}, column ${c} (${X.names[c] ?? '?'})`);
      }
    }
  }
}
