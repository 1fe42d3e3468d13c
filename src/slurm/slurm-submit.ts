/**
 * Submitting tasks: those of one flush grouped by the resources they ask for (one array has one set), each
 * group one job array named after a hash of its task ids, its record written before and after `sbatch`.
 */
import type { SlurmExecutorSpec } from '../config/executor-schema.js';
import type { AlcoveCommand } from '../remote/alcove-command.js';
import { sha256 } from '../shared/hash.js';
import { batchesDir, batchScript, outputOf, writeBatch } from './slurm-batch.js';
import type { SlurmCommands } from './slurm-commands.js';
import { taskKey } from './slurm-jobs.js';
import { resourceArgs, resourcesFor } from './slurm-resources.js';
import type { Waiter } from './slurm-waiter.js';

export interface BatchContext {
  readonly spec: SlurmExecutorSpec;
  readonly commands: SlurmCommands;
  readonly command: AlcoveCommand;
  readonly remote: string;
  readonly prefix: string;
  /** Receives the array job id (for a cancel). */
  readonly arrays: Set<number>;
}

export function groupByResources(
  spec: SlurmExecutorSpec,
  waiters: readonly Waiter[],
): { args: string[]; waiters: Waiter[] }[] {
  const groups = new Map<string, { args: string[]; waiters: Waiter[] }>();
  for (const w of waiters) {
    const args = resourceArgs(spec, resourcesFor(spec, w.sub.scale));
    const key = args.join(' ');
    const group = groups.get(key) ?? { args, waiters: [] };
    group.waiters.push(w);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** One job array for `group`; sets each waiter's key once SLURM gave the job id. */
export async function submitArray(ctx: BatchContext, group: readonly Waiter[], args: readonly string[]): Promise<void> {
  const { spec, remote, prefix } = ctx;
  const ids = group.map((w) => w.sub.id);
  const name = `${prefix}${sha256(ids.join('\n')).slice(0, 10)}`;
  const script = batchScript(
    name,
    group.map((w) => w.dir),
    ctx.command,
  );
  const scriptPath = writeBatch(remote, { name, ids, jobId: null }, script);
  const last = group.length - 1;
  const throttle = spec.array_parallelism === null ? '' : `%${spec.array_parallelism}`;
  const jobId = await ctx.commands.sbatch(
    [
      `--array=0-${last}${throttle}`,
      `--job-name=${name}`,
      `--output=${batchesDir(remote)}/${name}-%a.out`,
      '--no-requeue',
      ...args,
      ...spec.extra_args,
    ],
    scriptPath,
  );
  writeBatch(remote, { name, ids, jobId, args: [...args, ...spec.extra_args] }, null);
  ctx.arrays.add(jobId);
  group.forEach((w, i) => {
    w.key = taskKey(jobId, i);
    w.output = outputOf(remote, name, i);
  });
}
