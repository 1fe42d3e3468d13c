/**
 * Loaded datasets shared between the campaigns of one process (a sweep's runs), so that a file read by
 * many campaigns is parsed once: reading the amide library's CSV again cost each small campaign of a sweep
 * more main-thread time than its stages (bench/README.md).
 *
 * An entry is keyed by how it was read (the spec without its paths) and by each file's name and the
 * sha256 of its bytes, hashed again at every load (a millisecond for the amide library; much less than
 * parsing): a changed file is read again, and the same bytes under the same name (each sweep run links
 * the built-in library into its own folder) are parsed once. Not by inode and times: linking a file
 * changes its ctime, and an mtime can be set back. The dataset comes back with the caller's own paths,
 * as if read from them. Datasets are never mutated after loading (the subsample and every stage make new
 * arrays), which is what makes sharing one safe.
 */
import { basename, resolve } from 'node:path';
import { sha256File } from '../shared/hash.js';
import { loadDataset, type Dataset, type DatasetSpec } from './load-dataset.js';

export interface SharedDatasets {
  /** The dataset `spec` names, read now or earlier from the same files; rejects like `loadDataset`. */
  load(spec: DatasetSpec): Promise<Dataset>;
}

/** Distinct datasets kept; a sweep varies its dataset rarely, and a pool can be millions of molecules. */
const DEFAULT_ENTRIES = 2;

function pathsOf(spec: DatasetSpec): string[] {
  return (spec.paths ?? (spec.path === undefined ? [] : [spec.path])).map((p) => resolve(p));
}

/** The key of `spec`'s files as they are now; null when one cannot be read (`loadDataset` then says why). */
async function keyOf(spec: DatasetSpec, paths: readonly string[]): Promise<{ key: string; hashes: string[] } | null> {
  const hashes: string[] = [];
  for (const path of paths) {
    try {
      hashes.push(await sha256File(path));
    } catch {
      return null;
    }
  }
  const files = paths.map((p, i) => `${basename(p)}:${hashes[i] ?? ''}`);
  // What `loadDataset` reads by, and nothing else (a config's dataset section has more keys: subsample).
  const reading = [spec.smiles_column, spec.label_column, spec.id_column, spec.keep_unlabeled, spec.delimiter];
  return { key: JSON.stringify({ reading, files }), hashes };
}

/** `dataset`, as read from `paths` (the same files under other names). */
function withPaths(dataset: Dataset, paths: readonly string[]): Dataset {
  return {
    ...dataset,
    path: paths.join(','),
    files: dataset.files.map((f, i) => ({ ...f, path: paths[i] ?? f.path })),
  };
}

export function createSharedDatasets(maxEntries = DEFAULT_ENTRIES): SharedDatasets {
  const entries = new Map<string, Promise<Dataset>>();
  return {
    async load(spec) {
      const paths = pathsOf(spec);
      const keyed = paths.length === 0 ? null : await keyOf(spec, paths);
      if (keyed === null) return loadDataset(spec);
      const { key, hashes } = keyed;
      let pending = entries.get(key);
      if (pending === undefined) {
        pending = loadDataset(spec);
        entries.set(key, pending);
        // A failed read is not kept: the next campaign reads again and gets its own error.
        const failed = pending;
        failed.catch(() => {
          if (entries.get(key) === failed) entries.delete(key);
        });
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      } else {
        // Most recently used last, so that the oldest is dropped first.
        entries.delete(key);
        entries.set(key, pending);
      }
      const dataset = await pending;
      // Changed between the hash and the read: right for this caller, but not what the key says.
      if (dataset.files.some((f, i) => f.sha256 !== hashes[i]) && entries.get(key) === pending) entries.delete(key);
      return withPaths(dataset, paths);
    },
  };
}
