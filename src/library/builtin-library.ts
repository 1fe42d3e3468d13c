/**
 * Where a built-in library's file is, enumerated on first use into `dir` (no download): the amide
 * library as `amide-library.csv`, `library-2m` as a gzip CSV named by the hash of its definition (so a
 * changed block list or score never reads a stale file). Read afterwards like any dataset file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadRdkit } from '../engines/rdkit.js';
import { enumerateAmideLibrary } from './enumerate.js';
import { library2mFileName, writeLibrary2m } from './library-2m.js';
import { writeLibraryCsv } from './write-csv.js';

export interface BuiltinLibraryFile {
  readonly path: string;
  /** The column of the computed score, for a library that carries one (the lookup oracle reads it). */
  readonly labelColumn?: string;
}

/** The config's `dataset.builtin` names (`BUILTIN_DATASETS` in config/campaign-schema.ts). */
export type BuiltinLibraryName = 'amide-library' | 'library-2m';

export async function ensureBuiltinLibrary(builtin: BuiltinLibraryName, dir: string): Promise<BuiltinLibraryFile> {
  if (builtin === 'library-2m') {
    const path = join(dir, library2mFileName());
    if (!existsSync(path)) await writeLibrary2m(await loadRdkit(), path);
    return { path, labelColumn: 'score' };
  }
  const path = join(dir, `${builtin}.csv`);
  if (!existsSync(path)) await writeLibraryCsv(enumerateAmideLibrary(await loadRdkit()), path);
  return { path };
}
