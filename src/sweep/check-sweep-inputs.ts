/**
 * A sweep's dataset files checked before its folder is created or claimed: the runs would otherwise each fail
 * on the same missing file, leaving a folder of failed runs. The first and last runs' configs are checked (as
 * `loadSweep` validates them), so a swept `dataset.path` has both ends checked.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { AlcoveError } from '../shared/errors.js';
import { readFailureReason } from '../shared/read-input-file.js';
import { combinationAt } from './expand-sweep.js';
import { configForRun, type LoadedSweep } from './load-sweep.js';

function checkDatasetFile(path: string, sweepFile: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new AlcoveError(
      'BAD_DATA',
      `dataset file ${readFailureReason(error)}: ${path} (base.dataset.path of ${sweepFile})`,
      {
        cause: error,
      },
    );
  }
}

export function checkSweepInputs(sweep: LoadedSweep): void {
  const indices = sweep.space.total > 1 ? [0, sweep.space.total - 1] : [0];
  for (const i of indices) {
    const { config } = configForRun(sweep, combinationAt(sweep.space, i));
    if ('path' in config.dataset) checkDatasetFile(config.dataset.path, sweep.file);
  }
}
