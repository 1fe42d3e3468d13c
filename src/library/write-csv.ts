/** Writing the amide library as CSV (`id,smiles,acid,amine`), atomically: a temp file, then a rename. */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { csvField } from '../shared/csv.js';
import type { LibraryRow } from './enumerate.js';

export const LIBRARY_CSV_COLUMNS = ['id', 'smiles', 'acid', 'amine'] as const;

export function libraryCsv(rows: readonly LibraryRow[]): string {
  const lines = [LIBRARY_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push([r.id, r.smiles, r.acid, r.amine].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

let tempCounter = 0;

/** Write `rows` to `path` (parent folders created); readers never see a half-written file. */
export async function writeLibraryCsv(rows: readonly LibraryRow[], path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${threadId}.${tempCounter}.tmp`;
  try {
    await writeFile(temp, libraryCsv(rows), 'utf8');
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
