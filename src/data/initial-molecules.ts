/**
 * `campaign.initial_from`: start a campaign from molecules named in a file (ones already measured, or the
 * same starting set as another run) instead of a random first batch.
 *
 * The file is a CSV (plain or gzip) with a header; `column` holds SMILES, matched against the pool's SMILES
 * exactly as written in the dataset (no canonicalisation: write them as the dataset does). Repeats are
 * counted once. Molecules that are not in the pool are reported and skipped; a file that matches nothing is
 * refused, naming the file and the column.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { AlcoveError, isAlcoveError } from '../shared/errors.js';
import { readInputFile } from '../shared/read-input-file.js';
import { sha256 } from '../shared/hash.js';
import { parseCsv } from '../shared/csv.js';

const gunzipAsync = promisify(gunzip);

export interface InitialMolecules {
  readonly path: string;
  readonly sha256: string;
  /** Pool indices, in file order, without repeats. */
  readonly indices: readonly number[];
  /** SMILES of the file that are not in the pool, in file order. */
  readonly missing: readonly string[];
  readonly repeats: number;
}

export function matchInitialMolecules(
  text: string,
  column: string,
  pool: readonly string[],
  meta: { readonly path: string; readonly sha256: string },
): InitialMolecules {
  let table;
  try {
    table = parseCsv(text);
  } catch (err) {
    if (!isAlcoveError(err)) throw err;
    throw new AlcoveError('BAD_DATA', `campaign.initial_from: ${meta.path}: ${err.message}`, { cause: err });
  }
  const col = table.header.indexOf(column);
  if (col < 0) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `campaign.initial_from: ${meta.path} has no column '${column}' (columns: ${table.header.join(', ')})`,
    );
  }
  const where = new Map<string, number>();
  pool.forEach((smiles, i) => {
    if (!where.has(smiles)) where.set(smiles, i);
  });
  const seen = new Set<number>();
  const indices: number[] = [];
  const missing: string[] = [];
  let repeats = 0;
  for (const row of table.rows) {
    const smiles = (row[col] ?? '').trim();
    if (smiles === '') continue;
    const i = where.get(smiles);
    if (i === undefined) missing.push(smiles);
    else if (seen.has(i)) repeats += 1;
    else {
      seen.add(i);
      indices.push(i);
    }
  }
  if (indices.length === 0) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `campaign.initial_from: none of the ${missing.length} SMILES in column '${column}' of ${meta.path} ` +
        'is in the pool (they are matched as written in the dataset)',
    );
  }
  return { ...meta, indices, missing, repeats };
}

export async function loadInitialMolecules(
  path: string,
  column: string,
  pool: readonly string[],
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
  return matchInitialMolecules(text, column, pool, { path, sha256: sha256(bytes) });
}
