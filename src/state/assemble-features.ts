/**
 * The pool's featurize results merged into one matrix over all molecules, on a SharedArrayBuffer (workers
 * that train and predict read it without a copy), with each row's validity and every molecule's error.
 */
import { AlcoveError } from '../shared/errors.js';
import { bytesPerRow, type FeatureMatrix, type FeaturizerSpec } from '../shared/features.js';
import type { FeaturizeTaskResult } from '../shared/tasks.js';
import type { SupervisedResult } from '../pool/supervisor.js';
import type { StringColumn } from '../shared/smiles-store.js';
import type { FeatureError } from './feature-file.js';

export interface AssembledFeatures {
  readonly matrix: FeatureMatrix;
  readonly valid: Uint8Array;
  /** In row order. */
  readonly errors: readonly FeatureError[];
  /** No task failed and no molecule was dropped: the result may be cached. */
  readonly complete: boolean;
}

/** The matrix filled chunk by chunk, as featurize tasks end, so their results need not be kept. */
export interface FeatureAssembler {
  /** Copies one supervised chunk's rows in; the chunk's result may then be dropped. */
  absorb(result: SupervisedResult<FeaturizeTaskResult>): void;
  /** Throws (retryable) when more than `maxFailureRate` of the molecules were lost to failed tasks. */
  finish(maxFailureRate: number): AssembledFeatures;
}

export function createFeatureAssembler(smiles: StringColumn, spec: FeaturizerSpec): FeatureAssembler {
  const valid = new Uint8Array(smiles.length);
  const errors: FeatureError[] = [];
  let matrix: FeatureMatrix | null = null;
  let lost = 0;
  let complete = true;
  return {
    absorb(result) {
      for (const part of result.parts) {
        const m = part.value.matrix;
        matrix ??= allocate(m, smiles.length);
        copyRows(m, part.items, matrix);
        part.items.forEach((row, j) => {
          valid[row] = part.value.valid[j] ?? 0;
        });
        for (const e of part.value.errors) {
          const row = part.items[e.index] ?? e.index;
          errors.push({ ...e, index: row });
        }
      }
      for (const row of result.dropped) {
        lost += 1;
        errors.push({ index: row, smiles: (smiles.at(row) ?? ''), message: 'rejected by the featurizer as bad input' });
      }
      for (const f of result.failed) {
        lost += f.items.length;
        for (const row of f.items) {
          errors.push({ index: row, smiles: (smiles.at(row) ?? ''), message: `featurization failed: ${f.class}: ${f.message}` });
        }
      }
      if (result.failed.length > 0 || result.dropped.length > 0) complete = false;
    },
    finish(maxFailureRate) {
      if (smiles.length > 0 && lost / smiles.length > maxFailureRate) {
        const first =
          errors.find((e) => e.message.startsWith('featurization failed'))?.message ?? errors[0]?.message ?? '';
        throw new AlcoveError(
          'TASK_FAILED',
          `featurization failed for ${lost} of ${smiles.length} molecules (more than failures.max_rate ` +
            `${maxFailureRate}); first: ${first}`,
          { retryable: true },
        );
      }
      errors.sort((a, b) => a.index - b.index);
      return { matrix: matrix ?? emptyMatrix(spec, smiles.length), valid, errors, complete };
    },
  };
}

function allocate(like: FeatureMatrix, rows: number): FeatureMatrix {
  if (like.kind === 'bits') {
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * like.bytesPerRow)));
    return { kind: 'bits', rows, bits: like.bits, bytesPerRow: like.bytesPerRow, data };
  }
  const data = new Float64Array(new SharedArrayBuffer(Math.max(8, rows * like.cols * 8)));
  return { kind: 'dense', rows, cols: like.cols, data, names: like.names };
}

function emptyMatrix(spec: FeaturizerSpec, rows: number): FeatureMatrix {
  if (spec.kind === 'descriptors') {
    return { kind: 'dense', rows, cols: 0, data: new Float64Array(new SharedArrayBuffer(8)), names: [] };
  }
  const bpr = bytesPerRow(spec.bits);
  return {
    kind: 'bits',
    rows,
    bits: spec.bits,
    bytesPerRow: bpr,
    data: new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * bpr))),
  };
}

/** Copy row j of `from` into row items[j] of `to`. */
function copyRows(from: FeatureMatrix, items: readonly number[], to: FeatureMatrix): void {
  const first = items[0];
  const contiguous = first !== undefined && items[items.length - 1] === first + items.length - 1;
  if (contiguous) {
    // The usual case (a chunk that was not split around dropped molecules): one bulk copy instead of a
    // view per row (50k views per featurization were a measurable share of main-thread garbage).
    if (from.kind === 'bits' && to.kind === 'bits') {
      to.data.set(from.data.subarray(0, items.length * from.bytesPerRow), first * from.bytesPerRow);
      return;
    }
    if (from.kind === 'dense' && to.kind === 'dense') {
      to.data.set(from.data.subarray(0, items.length * from.cols), first * from.cols);
      return;
    }
  }
  if (from.kind === 'bits' && to.kind === 'bits') {
    const w = from.bytesPerRow;
    items.forEach((row, j) => to.data.set(from.data.subarray(j * w, (j + 1) * w), row * w));
  } else if (from.kind === 'dense' && to.kind === 'dense') {
    const c = from.cols;
    items.forEach((row, j) => to.data.set(from.data.subarray(j * c, (j + 1) * c), row * c));
  } else {
    throw new AlcoveError('INTERNAL', 'mixed feature kinds');
  }
}
