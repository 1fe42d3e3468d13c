/**
 * The pool a campaign could acquire from, read back from its state folder: the dataset's valid rows (of its
 * subsample, when it has one) less the held-out set (db.json's `test`), as the status page counts it. Random acquisition finds labeled / pool of the
 * true top-k, so this is what a random baseline needs. Null when the folder does not say.
 */
import { existsSync, readFileSync } from 'node:fs';
import { statePaths } from './state-files.js';

export function poolSizeOf(
  stateDir: string,
  dataset: { readonly rows?: unknown; readonly invalid?: unknown } | null | undefined,
  /** `dataset.subsample` of the run's config: the pool is that many rows of the file (its invalid counted there). */
  subsample: number | null | undefined,
): number | null {
  if (typeof dataset?.rows !== 'number') return null;
  const rows = typeof subsample === 'number' ? Math.min(subsample, dataset.rows) : dataset.rows;
  const invalid = typeof dataset.invalid === 'number' ? dataset.invalid : 0;
  const db = statePaths(stateDir).db;
  if (!existsSync(db)) return null;
  let test: unknown;
  try {
    test = (JSON.parse(readFileSync(db, 'utf8')) as { test?: unknown }).test;
  } catch (error) {
    // A torn or hand-edited view: no baseline, which the page shows by not drawing it.
    void error;
    return null;
  }
  const held = Array.isArray(test) ? test.length : 0;
  const pool = rows - invalid - held;
  return pool > 0 ? pool : null;
}
