/**
 * One submission: the batch script of a job array (one task folder per array index), its record
 * (`remote/batches/<job name>.json`: the task ids by index and, once known, the job id) written before
 * `sbatch` so that a resumed orchestrator can find which job runs which task by its name.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coerceError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import type { AlcoveCommand } from '../remote/alcove-command.js';

export interface BatchRecord {
  readonly name: string;
  /** Task ids by array index. */
  readonly ids: readonly string[];
  readonly jobId: number | null;
  /** sbatch's options, for people reading the folder (the resources asked for). */
  readonly args?: readonly string[];
}

export const batchesDir = (remoteDir: string) => join(remoteDir, 'batches');

/** Where array index `index` of job `name` writes its output (`--output=<batches>/<name>-%a.out`). */
export const outputOf = (remoteDir: string, name: string, index: number) =>
  join(batchesDir(remoteDir), `${name}-${index}.out`);

/** Single quotes for bash, whatever the text holds. */
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The script: each array index runs `alcove task` on its folder; `exec`, so SLURM's signals reach it. */
export function batchScript(name: string, dirs: readonly string[], command: AlcoveCommand): string {
  return [
    '#!/bin/bash',
    `# ${name}: Alcove remote tasks, one per array index (written by the orchestrator).`,
    `TASKS=(${dirs.map(quote).join(' ')})`,
    `cd ${quote(command.cwd)} || exit 1`,
    `exec ${command.argv.map(quote).join(' ')} task "\${TASKS[$SLURM_ARRAY_TASK_ID]}"`,
    '',
  ].join('\n');
}

export function writeBatch(remoteDir: string, record: BatchRecord, script: string | null): string {
  const dir = batchesDir(remoteDir);
  mkdirSync(dir, { recursive: true });
  const scriptPath = join(dir, `${record.name}.sh`);
  if (script !== null) writeFileAtomic(scriptPath, script);
  writeFileAtomic(join(dir, `${record.name}.json`), `${JSON.stringify(record)}\n`);
  return scriptPath;
}

/** Every batch record of the folder, by job name. */
export function readBatches(remoteDir: string): Map<string, BatchRecord> {
  const out = new Map<string, BatchRecord>();
  let names: string[];
  try {
    names = readdirSync(batchesDir(remoteDir)).filter((n) => n.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw coerceError(error);
  }
  for (const n of names) {
    const record = JSON.parse(readFileSync(join(batchesDir(remoteDir), n), 'utf8')) as BatchRecord;
    out.set(record.name, record);
  }
  return out;
}
