/**
 * SLURM's command-line tools, the only way Alcove talks to SLURM (no library): `sbatch`, `squeue --json`,
 * `scancel`, spawned without a shell. An interface, so that the runner's logic is tested against a fake
 * scheduler too; the real one is what CI starts (scripts/ci/slurm-up.sh).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { AlcoveError } from '../shared/errors.js';

export interface SlurmCommands {
  /** Submits a batch script; resolves with the job id (`sbatch --parsable`). */
  sbatch(args: readonly string[], script: string): Promise<number>;
  /** `squeue --json` of the current user's jobs, as text. */
  squeue(): Promise<string>;
  scancel(jobIds: readonly number[]): Promise<void>;
}

const MISSING =
  'executor.kind: slurm needs the SLURM client tools on PATH (sbatch, squeue, scancel); ' +
  'install them or use executor.kind: local';

/** Throws the config error naming `executor.kind` when `program` is not on PATH (checked as the campaign is put together, before any work). */
export function requireOnPath(program: string): void {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return;
    } catch {
      // Not in this folder: the next one.
    }
  }
  throw new AlcoveError('BAD_CONFIG', `${MISSING} (${program}: not on PATH)`);
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new AlcoveError('BAD_CONFIG', `${MISSING} (${file}: not found)`));
      }
      const why = stderr.trim().split('\n').pop() ?? error.message;
      reject(new AlcoveError('TASK_FAILED', `${file} ${args.slice(0, 3).join(' ')}…: ${why}`, { retryable: true }));
    });
  });
}

export function createSlurmCommands(): SlurmCommands {
  return {
    async sbatch(args, script) {
      const out = await run('sbatch', ['--parsable', ...args, script]);
      // --parsable prints "jobid" or "jobid;cluster".
      const id = Number(out.trim().split(';')[0]);
      if (!Number.isInteger(id) || id <= 0) throw new AlcoveError('TASK_FAILED', `sbatch printed no job id: ${out}`);
      return id;
    },
    squeue: () => run('squeue', ['--json', '--me']),
    async scancel(jobIds) {
      if (jobIds.length > 0) await run('scancel', jobIds.map(String));
    },
  };
}
