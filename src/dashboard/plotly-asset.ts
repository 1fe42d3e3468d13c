/**
 * The plotly bundle the status page loads from its own folder. `plotly.js-dist` (a dependency) ships one
 * file, `plotly.js` (about 11 MB, not minified); a minified build is used instead when `plotly.js-dist-min`
 * happens to be installed. Either way it is copied next to the page under the name `plotly.min.js`.
 */
import { copyFileSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { checkWrite } from '../shared/write-faults.js';
import { PLOTLY_FILE } from './render-status-page.js';

const CANDIDATES = [
  'plotly.js-dist-min/plotly.min.js',
  'plotly.js-dist/plotly.min.js',
  'plotly.js-dist/plotly.js',
] as const;

let resolved: string | undefined;

/** Absolute path of the installed plotly bundle. */
export function resolvePlotlyBundle(): string {
  if (resolved !== undefined) return resolved;
  const require = createRequire(import.meta.url);
  for (const id of CANDIDATES) {
    try {
      resolved = require.resolve(id);
      return resolved;
    } catch {
      // not installed: try the next one
    }
  }
  throw new AlcoveError('INTERNAL', `plotly bundle not found (looked for ${CANDIDATES.join(', ')}); run npm ci`);
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * Copies the plotly bundle into `dir` unless a file of the same size is there already. Returns true when
 * it copied. The copy is atomic, so a browser reloading meanwhile never reads half a bundle.
 */
export function ensurePlotlyBundle(dir: string, source: string = resolvePlotlyBundle()): boolean {
  const target = join(dir, PLOTLY_FILE);
  const want = sizeOf(source);
  if (want === null) throw new AlcoveError('INTERNAL', `plotly bundle ${source} is missing`);
  if (sizeOf(target) === want) return false;
  // Atomic (a reloading browser never reads half a bundle) but not fsynced: a copy of an installed file.
  // copyFileSync copies in the kernel, faster than reading and writing the 11 MB here. Not a hard link
  // (faster still): anything writing the state folder's copy in place would write into node_modules.
  const tmp = join(dir, `.${PLOTLY_FILE}.${process.pid}.tmp`);
  checkWrite(target);
  copyFileSync(source, tmp);
  renameSync(tmp, target);
  return true;
}
