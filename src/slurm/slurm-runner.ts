/**
 * The SLURM runner: remote tasks as job arrays (`executor: { kind: slurm }`).
 *
 * - Tasks asked for in the same tick with the same resources go out as one array (`sbatch --array=0-N%P`),
 *   named `alcove-<campaign>-<hash of its task ids>`, each index running `alcove task` on its task folder
 *   (slurm-batch.ts). `--no-requeue`: a node failure comes back as `lost` and the retry policy decides.
 * - One throttled `squeue --json` per `poll_s` watches the whole campaign (slurm-poller.ts). A task is done when its marker
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
import type { RemoteOutcome, RemoteRunner } from '../remote/remote-task.js';
import { collectOutcome, readMarker, remoteDir, taskDir, writeTaskFile } from '../remote/task-files.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { createSlurmCommands, requireOnPath, type SlurmCommands } from './slurm-commands.js';
import { createSlurmPoller, failure } from './slurm-poller.js';
import { groupByResources, submitArray } from './slurm-submit.js';
import { findAttached, type Waiter } from './slurm-waiter.js';

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

export function createSlurmRunner(options: SlurmRunnerOptions): RemoteRunner {
  const { spec, campaign, stateDir, clock, log } = options;
  const commands = options.commands ?? (requireOnPath('sbatch'), createSlurmCommands());
  const command = options.command ?? alcoveCommand();
  const remote = remoteDir(stateDir);
  const prefix = `alcove-${campaign}-`;
  const poller = createSlurmPoller({ spec, commands, prefix, clock, log });
  const arrays = new Set<number>();
  const queue: Waiter[] = [];
  let flushTimer: TimerHandle | null = null;
  let closed = false;
  let attached: Promise<Map<string, { key: string; output: string }>> | null = null;

  const attach = async () => {
    const found = await findAttached(commands, remote, prefix, arrays);
    if (found.size > 0) log(`slurm: reattached to ${found.size} task(s) still queued or running`);
    return found;
  };

  const flush = () => {
    flushTimer = null;
    const batch = { spec, commands, command, remote, prefix, arrays };
    for (const { args, waiters: group } of groupByResources(
      spec,
      queue.splice(0).filter((w) => poller.isWaiting(w)),
    )) {
      submitArray(batch, group, args).then(
        () => poller.schedule(),
        (error: unknown) => {
          for (const w of group) poller.settle(w, { error });
        },
      );
    }
  };

  return {
    kind: 'slurm',
    async run(sub, signal) {
      const dir = taskDir(stateDir, campaign, sub.id);
      const marker = readMarker(dir);
      if (marker !== null) return collectOutcome(dir, marker);
      attached ??= attach();
      const known = (await attached).get(sub.id) ?? null;
      return new Promise<RemoteOutcome>((resolve, reject) => {
        const found = known ?? { key: null, output: null };
        const w: Waiter = { sub, dir, t0: clock.monotonic(), ...found, misses: 0, resolve, reject };
        if (closed || signal?.aborted === true) return resolve(failure(clock, w, 'interrupted', 'interrupted'));
        poller.add(w, signal);
        if (known !== null) return poller.schedule();
        writeTaskFile(dir, { schemaVersion: 1, id: sub.id, campaign, stage: sub.stage, task: sub.task });
        queue.push(w);
        flushTimer ??= clock.setTimeout(flush, 0);
      });
    },
    async close({ cancel }) {
      closed = true;
      clock.clearTimeout(flushTimer);
      poller.close('the SLURM runner was closed');
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
