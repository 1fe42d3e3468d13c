/**
 * Waiting for one job's end: its `completed:<id>` and `failed:<id>` queue events, a look at its state on
 * demand (right after adding it: a resumed run may find it completed already) and every POLL_MS (an event
 * missed while Redis restarted, a job gone from Redis). The wait ends at the first of these, or when the
 * signal aborts.
 */
import type { Queue, QueueEvents } from 'bullmq';
import type { Clock } from '../shared/clock.js';
import { POLL_MS } from './queue-settings.js';

export type JobEnd =
  | { readonly kind: 'completed'; readonly value: unknown }
  | { readonly kind: 'failed'; readonly reason: string }
  /** Not in Redis any more, and no event told why. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'aborted' };

export interface JobWait {
  readonly ended: Promise<JobEnd>;
  /** Looks at the job's state now, and from now on every POLL_MS (call it once the job was added). */
  check(): void;
  /** Stops listening (after the end, or when the caller gives up). */
  release(): void;
}

export interface WaitDeps {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly clock: Clock;
}

export function waitForJob(deps: WaitDeps, jobId: string, signal?: AbortSignal): JobWait {
  const { queue, clock } = deps;
  // QueueEvents also emits `<event>:<job id>` (what BullMQ's own waitUntilFinished listens to); its typed
  // listener map does not declare those names.
  const events = deps.events as unknown as NodeJS.EventEmitter;
  let finish: (end: JobEnd) => void = () => undefined;
  let done = false;
  const ended = new Promise<JobEnd>((resolve) => {
    finish = (end) => {
      if (done) return;
      done = true;
      release();
      resolve(end);
    };
  });
  const onCompleted = (args: { returnvalue?: unknown }) => finish({ kind: 'completed', value: args.returnvalue });
  const onFailed = (args: { failedReason?: string }) => finish({ kind: 'failed', reason: args.failedReason ?? '' });
  const onAbort = () => finish({ kind: 'aborted' });

  let poll: ReturnType<Clock['setInterval']> | null = null;
  const look = () => {
    if (done) return;
    inspect(queue, jobId).then(
      (end) => {
        if (end !== null) finish(end);
      },
      // Redis unreachable for now (restarting): the next poll asks again; a Redis gone for good fails
      // the queue's next add, where the campaign sees it.
      () => undefined,
    );
  };
  const check = () => {
    look();
    poll ??= clock.setInterval(look, POLL_MS, { unref: true });
  };
  function release() {
    clock.clearInterval(poll);
    events.off(`completed:${jobId}`, onCompleted);
    events.off(`failed:${jobId}`, onFailed);
    signal?.removeEventListener('abort', onAbort);
  }
  events.on(`completed:${jobId}`, onCompleted);
  events.on(`failed:${jobId}`, onFailed);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted === true) onAbort();
  return { ended, check, release: () => (done ? undefined : release()) };
}

/** The job's end as Redis has it, or null while it is queued or running. */
async function inspect(queue: Queue, jobId: string): Promise<JobEnd | null> {
  const state = await queue.getJobState(jobId);
  if (state === 'unknown') return { kind: 'gone' };
  if (state !== 'completed' && state !== 'failed') return null;
  const job = await queue.getJob(jobId);
  if (job === undefined || job === null) return { kind: 'gone' };
  return state === 'completed'
    ? { kind: 'completed', value: job.returnvalue }
    : { kind: 'failed', reason: job.failedReason };
}
