/**
 * Seeded subsamples of a CSV(.gz) file, written once to a temporary folder so that Alcove and the
 * reference read exactly the same rows (Alcove's own `dataset.subsample` draws after de-duplication,
 * which the reference does not do). Rows are drawn with `createRng(seed, 'bench-subsample', n)` and
 * kept in file order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { csvField, parseCsv } from '../shared/csv.js';
import { AlcoveError } from '../shared/errors.js';
import { createRng, sampleIndices } from '../shared/rng.js';

/** The header and `n` rows of a CSV text drawn with the seeded RNG, in file order, as CSV text. */
export function subsampleCsvText(text: string, n: number, seed: number): string {
  const table = parseCsv(text);
  if (n > table.rows.length) {
    throw new AlcoveError('BAD_INPUT', `cannot draw ${n} rows from a file of ${table.rows.length}`);
  }
  const keep = sampleIndices(table.rows.length, n, createRng(seed, 'bench-subsample', n)).sort((a, b) => a - b);
  const lines = [table.header.map(csvField).join(',')];
  for (const i of keep) lines.push((table.rows[i] ?? []).map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** Writes the subsample of `source` to `target` (gzip when `target` ends in .gz). */
export function writeSubsample(source: string, target: string, n: number, seed: number): void {
  const bytes = readFileSync(source);
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = (isGzip ? gunzipSync(bytes) : bytes).toString('utf8');
  const out = subsampleCsvText(text, n, seed);
  writeFileSync(target, target.endsWith('.gz') ? gzipSync(out) : out);
}
