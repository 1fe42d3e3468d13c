/**
 * The SLURM runner: remote tasks as job arrays (`executor: { kind: slurm }`).
 *
 * - Tasks asked for in the same tick with the same resources go out as one array (`sbatch --array=0-N%P`),
 *   named `alcove-<campaign>-<hash of its task ids>`, each index running `alcove task` on its task folder
 *   (slurm-batch.ts). `--no-requeue`: a node failure comes back as `lost` and the retry policy decides.
 * - One throttled `squeue --json` per `poll_s` watches the whole campaign. A task is done when its marker
 *   is there (read after the squeue call, so a job seen ended has had its chance to write it); a job that
 *   ended without a marker gets its class from its state (slurm-jobs.ts); a job gone from squeue twice in a
 *   row without a marker is `lost`.
 * - A job COMPLETED without a marker means the nodes write elsewhere than we read: the state folder is not
 *   shared with them. That is a configuration error (exit 2), not a task failure.
 * - Resume: the first call reads the batch records and asks squeue once; a task of a job still pending or
 *   running is waited for, never submitted again; a task with a marker is collected; any other is submitted.
 * - `close({ cancel: true })` scancels every array the runner submitted or attached to.
 */
import type { SlurmExecutorSpec } from '../config/executor-schema.js';
import { alcoveCommand, type AlcoveCommand } from '../remote/alcove-command.js';
import type { RemoteOutcome, RemoteRunner, RemoteSubmission } from '../remote/remote-task.js';
import { collectOutcome, readMarker, remoteDir, taskDir, writeTaskFile } from '../remote/task-files.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import { AlcoveError, coerceError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { batchesDir, batchScript, readBatches, writeBatch } from './slurm-batch.js';
import { createSlurmCommands, type SlurmCommands } from './slurm-commands.js';
import { indexJobs, parseSqueue, taskKey, verdictOf, type SlurmJob } from './slurm-jobs.js';
import { resourceArgs, resourcesFor } from './slurm-resources.js';

export interface SlurmRunnerOptions {
  readonly spec: SlurmExecutorSpec;
  readonly campaign: string;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** The scheduler's tools (a fake in unit tests). */
  readonly commands?: SlurmCommands;
  readonly command?: AlcoveCommand;
}

interface Waiter {
  readonly sub: RemoteSubmission;
  readonly dir: string;
  readonly t0: number;
  /** `<array job id>_<index>` once submitted or attached. */
  key: string | null;
  misses: number;
  readonly resolve: (outcome: RemoteOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export function createSlurmRunner(options: SlurmRunnerOptions): RemoteRunner {
  const { spec, campaign, stateDir, clock, log } = options;
  const commands = options.commands ?? createSlurmCommands();
  const command = options.command ?? alcoveCommand();
  const remote = remoteDir(stateDir);
  const prefix = `alcove-${campaign}-`;
  const waiters = new Set<Waiter>();
  const arrays = new Set<number>();
  const queue: Waiter[] = [];
  let flushTimer: TimerHandle | null = null;
  let pollTimer: TimerHandle | null = null;
  let polling = false;
  let closed = false;
  let attached: Promise<Map<string, string>> | null = null;

  const settle = (w: Waiter, outcome: RemoteOutcome | { error: unknown }) => {
    if (!waiters.delete(w)) return;
    if ('error' in outcome) w.reject(outcome.error);
    else w.resolve(outcome);
  };
  const failed = (w: Waiter, cls: Exclude<RemoteOutcome['class'], 'ok'>, message: string): RemoteOutcome => ({
    class: cls,
    message,
    ms: clock.monotonic() - w.t0,
  });

  /** Active array tasks of earlier runs of this campaign, by task id (read once). */
  const attach = async (): Promise<Map<string, string>> => {
    const batches = readBatches(remote);
    const out = new Map<string, string>();
    if (batches.size === 0) return out;
    for (const job of parseSqueue(await commands.squeue(), prefix)) {
      const ids = batches.get(job.name)?.ids;
      if (ids === undefined || verdictOf(job).kind !== 'active') continue;
      const indices = job.arrayTaskId === null ? job.pending : [job.arrayTaskId];
      for (const i of indices) {
        const id = ids[i];
        if (id !== undefined) out.set(id, taskKey(job.arrayJobId, i));
      }
      arrays.add(job.arrayJobId);
    }
    if (out.size > 0) log(`slurm: reattached to ${out.size} task(s) still queued or running`);
    return out;
  };

  const submit = async (group: Waiter[], args: string[]) => {
    const ids = group.map((w) => w.sub.id);
    const name = `${prefix}${sha256(ids.join('\n')).slice(0, 10)}`;
    const script = batchScript(
      name,
      group.map((w) => w.dir),
      command,
    );
    const scriptPath = writeBatch(remote, { name, ids, jobId: null }, script);
    const last = group.length - 1;
    const throttle = spec.array_parallelism === null ? '' : `%${spec.array_parallelism}`;
    const jobId = await commands.sbatch(
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
    writeBatch(remote, { name, ids, jobId }, null);
    arrays.add(jobId);
    group.forEach((w, i) => (w.key = taskKey(jobId, i)));
  };

  const flush = () => {
    flushTimer = null;
    const groups = new Map<string, { args: string[]; waiters: Waiter[] }>();
    for (const w of queue.splice(0)) {
      if (!waiters.has(w)) continue;
      const args = resourceArgs(spec, resourcesFor(spec, w.sub.scale));
      const key = args.join(' ');
      const group = groups.get(key) ?? { args, waiters: [] };
      group.waiters.push(w);
      groups.set(key, group);
    }
    for (const { args, waiters: group } of groups.values()) {
      submit(group, args).then(schedulePoll, (error: unknown) => {
        for (const w of group) settle(w, { error });
      });
    }
  };

  const judge = (w: Waiter, jobs: Map<string, SlurmJob>) => {
    if (w.key === null) return;
    const marker = readMarker(w.dir);
    if (marker !== null) return settle(w, collectOutcome(w.dir, marker));
    const job = jobs.get(w.key);
    if (job === undefined) {
      w.misses += 1;
      if (w.misses >= 2) settle(w, failed(w, 'lost', `SLURM job ${w.key} vanished without a result marker`));
      return;
    }
    w.misses = 0;
    const verdict = verdictOf(job);
    if (verdict.kind === 'active') return;
    if (job.state === 'COMPLETED') {
      const error = new AlcoveError(
        'BAD_CONFIG',
        `executor.kind: slurm: job ${w.key} completed but its marker is not in ${w.dir}; ` +
          'the state folder must be on a filesystem the nodes share (--state-dir)',
      );
      return settle(w, { error });
    }
    settle(w, failed(w, verdict.class, `SLURM job ${w.key} ended ${job.state} without a result marker`));
  };

  const poll = async () => {
    pollTimer = null;
    if (closed || polling) return;
    polling = true;
    try {
      const jobs = indexJobs(parseSqueue(await commands.squeue(), prefix));
      for (const w of [...waiters]) judge(w, jobs);
    } catch (error) {
      // squeue down for a moment (slurmctld restarting): try again at the next poll.
      log(`warning: slurm: ${coerceError(error).message}`);
    } finally {
      polling = false;
      schedulePoll();
    }
  };

  function schedulePoll() {
    if (closed || pollTimer !== null || ![...waiters].some((w) => w.key !== null)) return;
    pollTimer = clock.setTimeout(() => void poll(), spec.poll_s * 1000);
  }

  return {
    kind: 'slurm',
    async run(sub, signal) {
      const dir = taskDir(stateDir, campaign, sub.id);
      const marker = readMarker(dir);
      if (marker !== null) return collectOutcome(dir, marker);
      attached ??= attach();
      const known = (await attached).get(sub.id) ?? null;
      return new Promise<RemoteOutcome>((resolve, reject) => {
        const w: Waiter = { sub, dir, t0: clock.monotonic(), key: known, misses: 0, resolve, reject };
        if (closed || signal?.aborted === true) return resolve(failed(w, 'interrupted', 'interrupted'));
        waiters.add(w);
        signal?.addEventListener('abort', () => settle(w, failed(w, 'interrupted', 'interrupted')), { once: true });
        if (known !== null) return schedulePoll();
        writeTaskFile(dir, { schemaVersion: 1, id: sub.id, campaign, stage: sub.stage, task: sub.task });
        queue.push(w);
        flushTimer ??= clock.setTimeout(flush, 0);
      });
    },
    async close({ cancel }) {
      closed = true;
      clock.clearTimeout(flushTimer);
      clock.clearTimeout(pollTimer);
      for (const w of [...waiters]) settle(w, failed(w, 'interrupted', 'the SLURM runner was closed'));
      if (!cancel || arrays.size === 0) return;
      try {
        await commands.scancel([...arrays]);
        log(`slurm: cancelled ${arrays.size} job array(s)`);
      } catch (error) {
        log(`warning: slurm: scancel: ${coerceError(error).message}`);
      }
    },
  };
}
