/**
 * Lab-in-the-loop: `oracle: { kind: manual }`. A batch is handed to people, not to a program: `label`
 * writes it to `batches/generation-N.csv` in the state folder (id, SMILES, the model's predicted mean
 * and uncertainty when a model chose it) and throws `OracleWaiting`; the campaign checkpoints in its
 * `waiting` state and exits. The results come back with `--tell results.csv` (manual-tell.ts), which
 * journals them; the explore stage then runs again, finds them in the journal, and asks this oracle
 * only for the molecules still pending, which keeps it waiting until none is.
 *
 * The batch file is written once per generation (atomically) and never rewritten, so it stays the
 * lab's reference while partial results come in. A re-run of the stage must choose the same molecules
 * (acquisition is deterministic from the seed and the content-addressed model); a pending molecule
 * missing from the file would mean it did not, and is an internal error rather than a silent new batch.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField, parseCsv } from '../shared/csv.js';
import { AlcoveError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { STATE_FILES } from '../state/state-files.js';
import type { BatchPredictions, Oracle } from './oracle.js';
import type { StringColumn } from '../shared/smiles-store.js';

export const BATCH_COLUMNS = ['id', 'smiles', 'predicted_mean', 'predicted_uncertainty'] as const;

/** The oracle's answer is not in yet: the campaign waits (an in-process signal, never a failure). */
export class OracleWaiting extends AlcoveError {
  /** @param file the batch file, relative to the state folder. */
  constructor(readonly file: string) {
    super('ORACLE_WAITING', `waiting for the results of ${file}`, { retryable: true });
  }
}

export function isOracleWaiting(error: unknown): error is OracleWaiting {
  return error instanceof OracleWaiting;
}

export const batchFileName = (generation: number) => `generation-${generation}.csv`;

/** The ids listed in a batch file (its `id` column). */
export function readBatchIds(path: string): string[] {
  const table = parseCsv(readFileSync(path, 'utf8'));
  const col = table.header.indexOf('id');
  if (col < 0) throw new AlcoveError('BAD_INPUT', `${path}: no id column (the batch file was changed)`);
  return table.rows.map((r) => r[col] ?? '');
}

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));

function batchCsv(
  dataset: { readonly ids: StringColumn; readonly smiles: StringColumn },
  indices: readonly number[],
  predicted: BatchPredictions | undefined,
): string {
  const lines = [BATCH_COLUMNS.join(',')];
  indices.forEach((i, j) => {
    const fields = [dataset.ids.at(i) ?? '', dataset.smiles.at(i) ?? ''].map(csvField);
    lines.push([...fields, num(predicted?.mean[j]), num(predicted?.std[j])].join(','));
  });
  return `${lines.join('\n')}\n`;
}

/** @param batchesDir the state folder's `batches/`. */
export function createManualOracle(
  dataset: { readonly ids: StringColumn; readonly smiles: StringColumn },
  batchesDir: string,
): Oracle {
  return {
    kind: 'manual',
    label(indices, exec, options) {
      const file = join(batchesDir, batchFileName(exec.generation));
      if (!existsSync(file)) {
        mkdirSync(batchesDir, { recursive: true });
        writeFileAtomic(file, batchCsv(dataset, indices, options?.predicted));
      } else {
        const listed = new Set(readBatchIds(file));
        const stray = indices.find((i) => !listed.has(dataset.ids.at(i) ?? ''));
        if (stray !== undefined) {
          throw new AlcoveError(
            'INTERNAL',
            `${file} does not list ${dataset.ids.at(stray) ?? stray}, which generation ${exec.generation} chose again`,
          );
        }
      }
      return Promise.reject(new OracleWaiting(`${STATE_FILES.batches}/${batchFileName(exec.generation)}`));
    },
    truth: () => Promise.resolve(null),
  };
}
