/**
 * The real SLURM that `.ci/run` starts (scripts/ci/slurm-up.sh), for the tests that need it. They are
 * skipped, saying why, where there is none; with ALCOVE_TEST_SLURM=1 (set by .ci/run) they fail instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSqueue } from '../../src/slurm/slurm-jobs.js';

/** slurm-up.sh's default configuration, used when SLURM_CONF is not set. */
const DEFAULT_CONF = join(process.env.ALCOVE_SLURM_DIR ?? join(tmpdir(), 'alcove-slurm'), 'slurm.conf');
if (process.env.SLURM_CONF === undefined && existsSync(DEFAULT_CONF)) process.env.SLURM_CONF = DEFAULT_CONF;

export const SLURM_REQUIRED = process.env.ALCOVE_TEST_SLURM === '1';

/** Why SLURM cannot be used here, or null when a node answers idle (or busy). */
export function slurmUnusable(): string | null {
  try {
    const state = execFileSync('sinfo', ['-h', '-N', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return /^(idle|mix|alloc)/m.test(state) ? null : `no SLURM node is up (sinfo: ${state || 'nothing'})`;
  } catch (error) {
    return `no usable SLURM (sinfo: ${(error as Error).message.split('\n')[0]}); run scripts/ci/slurm-up.sh`;
  }
}

/** Cancels every job whose name starts with `prefix` (test clean-up). */
export function cancelJobs(prefix: string): void {
  try {
    const ids = parseSqueue(execFileSync('squeue', ['--json', '--me'], { encoding: 'utf8' }), prefix)
      .filter((j) => !['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED'].includes(j.state))
      .map((j) => String(j.arrayJobId));
    if (ids.length > 0) execFileSync('scancel', [...new Set(ids)]);
  } catch (error) {
    process.emitWarning(`cancelJobs: ${(error as Error).message}`);
  }
}

/** The jobs of a campaign as squeue sees them. */
export function jobsOf(prefix: string) {
  return parseSqueue(execFileSync('squeue', ['--json', '--me'], { encoding: 'utf8' }), prefix);
}
