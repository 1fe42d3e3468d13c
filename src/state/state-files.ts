/**
 * The state folder's files: the one table of their names. Every reader and writer of a state folder
 * takes its paths from here (`statePaths`), so a file is renamed in one place.
 */
import { join } from 'node:path';

export const STATE_FILES = {
  /** The machine's checkpoint: the only file a resume needs. */
  checkpoint: 'state.json',
  /** Append-only record of every run, transition and task attempt. */
  audit: 'audit.jsonl',
  /**
   * Append-only: every oracle result as it arrived (value or failure class, attempt, seconds), fsynced
   * per chunk; a resumed stage never asks the oracle again for a molecule journaled `ok`.
   */
  journal: 'oracle-journal.jsonl',
  /** Batches handed to a laboratory (`oracle: { kind: manual }`): `generation-N.csv`. */
  batches: 'batches',
  /**
   * Remote tasks (SLURM, BullMQ): one folder per task (`<campaign>-<task id>/`: `task.bin`, `result.bin`,
   * `marker.json`) and `batches/` (the SLURM array scripts); must be on a filesystem the nodes share.
   */
  remote: 'remote',
  /** Content-addressed artifacts (features, models, oracle results, built datasets). */
  artifacts: 'artifacts',
  /** A view of the checkpoint: the campaign and its rounds (lowdb). */
  db: 'db.json',
  /** A view of the checkpoint: status, headline and metrics, for scripts and sweeps. */
  summary: 'summary.json',
  /** The live dashboard. */
  statusPage: 'status.html',
  /** Every labeled molecule with its generation, label and the prediction it was chosen on (CSV). */
  explored: 'explored.csv',
  /** `generation-N.csv`: the ranking of the pool that chose generation N's batch (`campaign.export_top`). */
  predictions: 'predictions',
  /** The end-of-run report. */
  report: 'report.md',
  /** sha256 and size of every file written. */
  manifest: 'manifest.json',
  /** One writer at a time. */
  lock: 'lock',
} as const;

export type StateFile = keyof typeof STATE_FILES;

export type StatePaths = { readonly [K in StateFile]: string };

export function statePaths(stateDir: string): StatePaths {
  const out = {} as Record<StateFile, string>;
  for (const key of Object.keys(STATE_FILES) as StateFile[]) out[key] = join(stateDir, STATE_FILES[key]);
  return out;
}
