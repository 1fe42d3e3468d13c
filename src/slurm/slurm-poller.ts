/**
 * The tasks the SLURM runner waits for, and the one throttled `squeue --json` per `poll_s` that settles them
 * (slurm-runner.ts says the rules, slurm-waiter.ts judges each task at a poll).
 */
import type { SlurmExecutorSpec } from '../config/executor-schema.js';
import type { RemoteOutcome } from '../remote/remote-task.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import type { SlurmCommands } from './slurm-commands.js';
import { indexJobs, parseSqueue } from './slurm-jobs.js';
import { judge, type Waiter } from './slurm-waiter.js';

export type FailClass = Exclude<RemoteOutcome['class'], 'ok'>;

export interface SlurmPollerOptions {
  readonly spec: SlurmExecutorSpec;
  readonly commands: SlurmCommands;
  /** The job name prefix of the campaign's arrays. */
  readonly prefix: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

export interface SlurmPoller {
  /** Waits for `w` until a poll, `settle` or `close` ends it; an abort of `signal` ends it as interrupted. */
  add(w: Waiter, signal: AbortSignal | undefined): void;
  isWaiting(w: Waiter): boolean;
  /** Ends the wait for `w` (once: later calls are ignored). */
  settle(w: Waiter, outcome: RemoteOutcome | { error: unknown }): void;
  /** Polls in `poll_s` unless a poll is due already or no task waited for has a job yet. */
  schedule(): void;
  /** Stops polling and ends every wait as interrupted, with `message`. */
  close(message: string): void;
}

/** A failed outcome of `w`, timed from when its wait began. */
export function failure(clock: Clock, w: Waiter, cls: FailClass, message: string): RemoteOutcome {
  return { class: cls, message, ms: clock.monotonic() - w.t0 };
}

export function createSlurmPoller(options: SlurmPollerOptions): SlurmPoller {
  const { spec, commands, prefix, clock, log } = options;
  const waiters = new Set<Waiter>();
  let pollTimer: TimerHandle | null = null;
  let polling = false;
  let closed = false;

  const settle = (w: Waiter, outcome: RemoteOutcome | { error: unknown }) => {
    if (!waiters.delete(w)) return;
    if ('error' in outcome) w.reject(outcome.error);
    else w.resolve(outcome);
  };

  const poll = async () => {
    pollTimer = null;
    if (closed || polling) return;
    polling = true;
    try {
      const jobs = indexJobs(parseSqueue(await commands.squeue(), prefix));
      for (const w of [...waiters]) {
        const j = judge(w, jobs);
        if (j === null) continue;
        settle(w, 'failed' in j ? failure(clock, w, j.failed, j.message) : 'outcome' in j ? j.outcome : j);
      }
    } catch (error) {
      // squeue down for a moment (slurmctld restarting): try again at the next poll.
      log(`warning: slurm: ${coerceError(error).message}`);
    } finally {
      polling = false;
      schedule();
    }
  };

  function schedule() {
    if (closed || pollTimer !== null || ![...waiters].some((w) => w.key !== null)) return;
    pollTimer = clock.setTimeout(() => void poll(), spec.poll_s * 1000);
  }

  return {
    add(w, signal) {
      waiters.add(w);
      signal?.addEventListener('abort', () => settle(w, failure(clock, w, 'interrupted', 'interrupted')), {
        once: true,
      });
    },
    isWaiting: (w) => waiters.has(w),
    settle,
    schedule,
    close(message) {
      closed = true;
      clock.clearTimeout(pollTimer);
      for (const w of [...waiters]) settle(w, failure(clock, w, 'interrupted', message));
    },
  };
}
