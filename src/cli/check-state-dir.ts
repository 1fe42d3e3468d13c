/**
 * `--state-dir` checked before anything is read or written: it must be a folder, or a path that can become
 * one (its nearest existing ancestor a folder this process may write into). Otherwise the first mkdir deep in
 * a command would fail with EEXIST or ENOTDIR.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { readFailureReason } from '../shared/read-input-file.js';
import { shown } from './show-path.js';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    // ENOTDIR: an ancestor is a file; the walk up finds and names it.
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new AlcoveError('BAD_INPUT', `--state-dir ${shown(path)}: ${readFailureReason(error)}`, { cause: error });
  }
}

function refuse(stateDir: string, why: string): AlcoveError {
  return new AlcoveError('BAD_INPUT', `--state-dir ${shown(stateDir)}: ${why}`);
}

/** `stateDir` is absolute. `write`: the command will create or write into it. */
export function checkStateDir(stateDir: string, options: { readonly write: boolean }): void {
  let path = stateDir;
  for (let stats = statOrNull(path); ; stats = statOrNull(path)) {
    if (stats !== null) {
      if (!stats.isDirectory()) {
        throw refuse(
          stateDir,
          path === stateDir
            ? 'is a file, not a folder; name a folder (it is created when missing)'
            : `cannot be a folder: ${shown(path)} is a file`,
        );
      }
      if (options.write) {
        try {
          accessSync(path, constants.W_OK | constants.X_OK);
        } catch (error) {
          throw refuse(stateDir, `${shown(path)} is ${readFailureReason(error).replace('readable', 'writable')}`);
        }
      }
      return;
    }
    const parent = dirname(path);
    if (parent === path) return;
    path = parent;
  }
}
