/**
 * A task the SLURM runner waits for, and the decision on it at each poll (slurm-runner.ts says the rules).
 */
import { readFileSync } from 'node:fs';
import type { RemoteOutcome, RemoteSubmission } from '../remote/remote-task.js';
import { collectOutcome, readMarker } from '../remote/task-files.js';
import { AlcoveError } from '../shared/errors.js';
import type { TaskClass } from '../shared/vocabulary.js';
import { outputOf, readBatches } from './slurm-batch.js';
import type { SlurmCommands } from './slurm-commands.js';
import { parseSqueue, taskKey, verdictOf, type SlurmJob } from './slurm-jobs.js';

export interface Waiter {
  readonly sub: RemoteSubmission;
  readonly dir: string;
  readonly t0: number;
  /** `<array job id>_<index>` once submitted or attached. */
  key: string | null;
  /** The array task's stdout and stderr (`--output`), where slurmstepd says why it killed it. */
  output: string | null;
  misses: number;
  readonly resolve: (outcome: RemoteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** What a poll decided for a waiter: nothing yet, an outcome, or an error (a misconfiguration). */
export type Judgement =
  | null
  | { readonly outcome: RemoteOutcome }
  | { readonly failed: Exclude<TaskClass, 'ok'>; readonly message: string }
  | { readonly error: unknown };

export function judge(w: Waiter, jobs: ReadonlyMap<string, SlurmJob>): Judgement {
  if (w.key === null) return null;
  const marker = readMarker(w.dir);
  if (marker !== null) return { outcome: collectOutcome(w.dir, marker) };
  const job = jobs.get(w.key);
  if (job === undefined) {
    w.misses += 1;
    return w.misses >= 2 ? { failed: 'lost', message: `SLURM job ${w.key} vanished without a result marker` } : null;
  }
  w.misses = 0;
  const verdict = verdictOf(job);
  if (verdict.kind === 'active') return null;
  if (job.state === 'COMPLETED') {
    const error = new AlcoveError(
      'BAD_CONFIG',
      `executor.kind: slurm: job ${w.key} completed but its marker is not in ${w.dir}; ` +
        'the state folder must be on a filesystem the nodes share (--state-dir)',
    );
    return { error };
  }
  const cls = verdict.class === 'crash' && killedForMemory(w.output) ? 'oom' : verdict.class;
  return { failed: cls, message: `SLURM job ${w.key} ended ${job.state} without a result marker` };
}

/**
 * Without cgroups SLURM's memory limit is enforced by jobacct_gather (`OverMemoryKill`): the job is
 * SIGKILLed and ends FAILED, not OUT_OF_MEMORY; slurmstepd writes why into the job's output.
 */
function killedForMemory(output: string | null): boolean {
  if (output === null) return false;
  try {
    const text = readFileSync(output, 'utf8');
    return /exceeded (job )?memory limit|oom-kill/i.test(text.slice(-8192));
  } catch {
    // No output file (never started, or not shared): nothing says it was memory.
    return false;
  }
}

/**
 * Array tasks of earlier runs of this campaign still pending or running, by task id: from the batch
 * records and one squeue call. `arrays` receives their array job ids (for a cancel).
 */
export async function findAttached(
  commands: SlurmCommands,
  remote: string,
  prefix: string,
  arrays: Set<number>,
): Promise<Map<string, { key: string; output: string }>> {
  const batches = readBatches(remote);
  const out = new Map<string, { key: string; output: string }>();
  if (batches.size === 0) return out;
  for (const job of parseSqueue(await commands.squeue(), prefix)) {
    const ids = batches.get(job.name)?.ids;
    if (ids === undefined || verdictOf(job).kind !== 'active') continue;
    const indices = job.arrayTaskId === null ? job.pending : [job.arrayTaskId];
    for (const i of indices) {
      const id = ids[i];
      if (id !== undefined) out.set(id, { key: taskKey(job.arrayJobId, i), output: outputOf(remote, job.name, i) });
    }
    arrays.add(job.arrayJobId);
  }
  return out;
}
