/**
 * `campaign.initial_from`: start a campaign from molecules named in a file (ones already measured, or the
 * same starting set as another run) instead of a random first batch.
 *
 * The file is a CSV (plain or gzip) with a header; `column` holds SMILES, matched against the pool's SMILES
 * exactly as written in the dataset (no canonicalisation: write them as the dataset does). Repeats are
 * counted once. Molecules that are not in the pool are reported (by row) and skipped; a file that matches
 * nothing is refused, naming the file and the column.
 *
 * With a score column (`campaign.initial_from.score_column`) the file's labels are imported: a score that is
 * empty or not a finite number, or a molecule repeated with another score, refuses the file naming its row
 * (the file's line, as the dataset's rows are named), so that nothing is half-imported.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { AlcoveError, isAlcoveError } from '../shared/errors.js';
import { readInputFile } from '../shared/read-input-file.js';
import { sha256 } from '../shared/hash.js';
import { parseCsv } from '../shared/csv.js';
import type { StringColumn } from '../shared/smiles-store.js';

const gunzipAsync = promisify(gunzip);

export interface InitialMolecules {
  readonly path: string;
  readonly sha256: string;
  /** Pool indices, in file order, without repeats. */
  readonly indices: readonly number[];
  /** SMILES of the file that are not in the pool, in file order, and their rows. */
  readonly missing: readonly string[];
  readonly missingRows: readonly number[];
  readonly repeats: number;
  /** With a score column: the imported label of each of `indices`. */
  readonly scores?: readonly number[];
}

function columnOf(header: readonly string[], column: string, path: string): number {
  const col = header.indexOf(column);
  if (col < 0) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `campaign.initial_from: ${path} has no column '${column}' (columns: ${header.join(', ')})`,
    );
  }
  return col;
}

/** The row's score, or a BAD_DATA naming the file, row and column. */
function scoreAt(row: readonly string[], col: number, where: { path: string; row: number; column: string }): number {
  const text = (row[col] ?? '').trim();
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new AlcoveError(
      'BAD_DATA',
      `campaign.initial_from: ${where.path} row ${where.row}: score_column '${where.column}' is ` +
        `${text === '' ? 'empty' : `'${text.slice(0, 40)}', not a finite number`}; fix or remove the row`,
    );
  }
  return value;
}

export function matchInitialMolecules(
  text: string,
  column: string,
  pool: StringColumn,
  meta: { readonly path: string; readonly sha256: string },
  scoreColumn?: string,
): InitialMolecules {
  let table;
  try {
    table = parseCsv(text);
  } catch (err) {
    if (!isAlcoveError(err)) throw err;
    throw new AlcoveError('BAD_DATA', `campaign.initial_from: ${meta.path}: ${err.message}`, { cause: err });
  }
  const col = columnOf(table.header, column, meta.path);
  const scoreCol = scoreColumn === undefined ? null : columnOf(table.header, scoreColumn, meta.path);
  const where = new Map<string, number>();
  for (let i = 0; i < pool.length; i++) {
    const smiles = pool.at(i) ?? '';
    if (!where.has(smiles)) where.set(smiles, i);
  }
  const firstRow = new Map<number, { row: number; score: number | null }>();
  const indices: number[] = [];
  const scores: number[] = [];
  const missing: string[] = [];
  const missingRows: number[] = [];
  let repeats = 0;
  table.rows.forEach((cells, r) => {
    const smiles = (cells[col] ?? '').trim();
    if (smiles === '') return;
    const row = table.rowLines[r] ?? r + 2;
    const score =
      scoreCol === null ? null : scoreAt(cells, scoreCol, { path: meta.path, row, column: scoreColumn ?? '' });
    const i = where.get(smiles);
    const seen = i === undefined ? undefined : firstRow.get(i);
    if (i === undefined) {
      missing.push(smiles);
      missingRows.push(row);
    } else if (seen !== undefined) {
      if (seen.score !== score) {
        throw new AlcoveError(
          'BAD_DATA',
          `campaign.initial_from: ${meta.path} row ${row}: '${smiles.slice(0, 60)}' was scored ${seen.score} ` +
            `in row ${seen.row} and ${score} here; keep one`,
        );
      }
      repeats += 1;
    } else {
      firstRow.set(i, { row, score });
      indices.push(i);
      if (score !== null) scores.push(score);
    }
  });
  if (indices.length === 0) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `campaign.initial_from: none of the ${missing.length} SMILES in column '${column}' of ${meta.path} ` +
        'is in the pool (they are matched as written in the dataset)',
    );
  }
  return { ...meta, indices, missing, missingRows, repeats, ...(scoreCol === null ? {} : { scores }) };
}

export async function loadInitialMolecules(
  path: string,
  column: string,
  pool: StringColumn,
  scoreColumn?: string,
): Promise<InitialMolecules> {
  const bytes = await readInputFile(path, {
    code: 'BAD_CONFIG',
    message: (reason) => `campaign.initial_from: cannot read ${path}: ${reason}`,
  });
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string;
  try {
    text = (isGzip ? await gunzipAsync(bytes) : bytes).toString('utf8');
  } catch (err) {
    throw new AlcoveError('BAD_DATA', `campaign.initial_from: ${path}: cannot decompress: ${String(err)}`, {
      cause: err,
    });
  }
  return matchInitialMolecules(text, column, pool, { path, sha256: sha256(bytes) }, scoreColumn);
}
