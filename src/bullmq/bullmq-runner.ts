/**
 * The orchestrator's side of BullMQ: a `RemoteRunner` that puts each remote task on the queue as a job and
 * waits for its end.
 *
 * - Job ids are deterministic: the campaign's name, a dot, the submission's id (stage, generation, chunk,
 *   attempt, content hash). Adding a job whose id exists is a no-op in BullMQ, so a resumed run reattaches
 *   to a job the killed one had added: it is collected if it completed, waited for if it is queued or running.
 * - A completed job stays in Redis until its result has been read here; then it is removed, with its
 *   folder of payload files. A failed job is removed by BullMQ at once (its reason comes with the event): a
 *   failed task is retried under a new id (the attempt is part of it) when Alcove's retry policy says so.
 * - Waiting: the queue's events, and a poll every POLL_MS (an event lost while Redis restarted; a job gone
 *   from Redis is `lost`).
 * - A wait aborted by the attempt's timeout (the signal's reason is a `TIMEOUT` error) cancels its job:
 *   removed if it waits, aborted on its worker (the processor's signal) if it runs. A wait aborted
 *   otherwise (the campaign stops) leaves the job to `close`: `close({ cancel: true })` cancels every job
 *   the run waited for, `close({ cancel: false })` (keep_on_interrupt) lets them finish for the resume.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { BullmqExecutorSpec } from '../config/executor-schema.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError, coerceError } from '../shared/errors.js';
import type { RemoteOutcome, RemoteRunner, RemoteSubmission } from '../remote/remote-task.js';
import { taskDir } from '../remote/task-files.js';
import { classOfFailure } from './failure-reason.js';
import { decodeResult, encodeTask, isJobResult, type AlcoveJobData } from './job-codec.js';
import { cancelChannel, cancelKey, CANCEL_KEY_TTL_S, KEEP_UNREAD_S } from './queue-settings.js';
import { connectionOptions } from './redis-connection.js';
import { waitForJob, type JobEnd } from './wait-for-job.js';

export interface BullmqRunnerOptions {
  readonly spec: Pick<BullmqExecutorSpec, 'redis' | 'queue' | 'inline_limit_bytes'>;
  /** The campaign's state folder: on a filesystem the workers share, at the same path. */
  readonly stateDir: string;
  /** The campaign's name in job ids (`campaignId(stateDir)`). */
  readonly campaign: string;
  readonly clock: Clock;
}

/** The runner's connections to Redis. */
interface Connections {
  readonly queueName: string;
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** For Alcove's own keys and the cancel channel. */
  readonly commands: Redis;
}

function connect(spec: BullmqRunnerOptions['spec']): Connections & { ready: Promise<unknown> } {
  const queue = new Queue(spec.queue, { connection: { ...connectionOptions(spec.redis, false) } });
  const events = new QueueEvents(spec.queue, { connection: { ...connectionOptions(spec.redis, true) } });
  const commands = new Redis(spec.redis, { ...connectionOptions(spec.redis, false) });
  // Reconnects are ioredis's business; a call that fails for good rejects where it was made.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  commands.on('error', () => undefined);
  const ready = Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  // Awaited by every run; a failure here is the first run's to report.
  ready.catch(() => undefined);
  return { queueName: spec.queue, queue, events, commands, ready };
}

/** Marks the jobs cancelled (for a worker that starts one later), tells the workers, removes queued ones. */
async function cancelJobs(c: Connections, jobIds: readonly string[], message: object): Promise<void> {
  if (jobIds.length === 0) return;
  const marks = c.commands.multi();
  for (const id of jobIds) marks.set(cancelKey(c.queueName, id), '1', 'EX', CANCEL_KEY_TTL_S);
  await marks.exec();
  await c.commands.publish(cancelChannel(c.queueName), JSON.stringify(message));
  // 0 for a running job (locked): its worker aborts it and BullMQ removes it as failed.
  await Promise.all(jobIds.map((id) => c.queue.remove(id)));
}

/** The outcome of a job that ended; a completed one is removed with its files once its result is read. */
async function collect(
  c: Connections,
  jobId: string,
  dir: string,
  end: Exclude<JobEnd, { kind: 'aborted' }>,
): Promise<RemoteOutcome> {
  if (end.kind === 'failed') return { ...classOfFailure(end.reason), ms: 0 };
  if (end.kind === 'gone')
    return { class: 'lost', message: `job ${jobId} vanished from Redis without a result`, ms: 0 };
  if (!isJobResult(end.value))
    return { class: 'error', message: `job ${jobId} completed without an Alcove result`, ms: 0 };
  let result;
  try {
    result = decodeResult(end.value);
  } catch (error) {
    return { class: 'lost', message: `job ${jobId}: ${coerceError(error).message}`, ms: end.value.ms };
  }
  // Read: the job and its files may go (a resume finds the result in the checkpoint's artifacts).
  await c.queue.remove(jobId);
  rmSync(dir, { recursive: true, force: true });
  return { class: 'ok', result, ms: end.value.ms };
}

/**
 * Adds the job (a no-op when its id exists: reattached) and waits for its end. Listening starts before the
 * add, so that no end can be missed; a cancel mark an earlier run left for this id goes first.
 */
async function submitAndWait(
  c: Connections,
  clock: Clock,
  jobId: string,
  name: string,
  data: AlcoveJobData,
  stop: AbortSignal,
): Promise<JobEnd> {
  const waiting = waitForJob({ queue: c.queue, events: c.events, clock }, jobId, stop);
  try {
    await c.commands.del(cancelKey(c.queueName, jobId));
    await c.queue.add(name, data, { jobId, attempts: 1, removeOnComplete: { age: KEEP_UNREAD_S }, removeOnFail: true });
    waiting.check();
    return await waiting.ended;
  } finally {
    waiting.release();
  }
}

/** The attempt's timeout, when that is why `signal` aborted (attempt-guard.ts). */
function timeoutOf(signal: AbortSignal | undefined): AlcoveError | null {
  const reason: unknown = signal?.reason;
  return reason instanceof AlcoveError && reason.code === 'TIMEOUT' ? reason : null;
}

/**
 * Synchronous, as the campaign builds its runners: the connections open in the background and the first
 * `run` waits for them. (An unreachable Redis is found before, by `checkBullmqExecutors`.)
 */
export function createBullmqRunner(options: BullmqRunnerOptions): RemoteRunner {
  const { spec, campaign, clock } = options;
  const stateDir = resolve(options.stateDir);
  const c = connect(spec);
  /** Jobs this run added or reattached to and did not collect: what an interrupt's close cancels. */
  const inFlight = new Set<string>();
  // Closing ends every wait without cancelling its job (a resume, or the close's own cancel, sees to it).
  const closing = new AbortController();

  return {
    kind: 'bullmq',
    async run(submission: RemoteSubmission, signal?: AbortSignal): Promise<RemoteOutcome> {
      const jobId = `${campaign}.${submission.id}`;
      const dir = taskDir(stateDir, campaign, submission.id);
      if (signal?.aborted === true) return { class: 'interrupted', message: `${jobId} not submitted`, ms: 0 };
      await c.ready;
      inFlight.add(jobId);
      const stop = signal === undefined ? closing.signal : AbortSignal.any([signal, closing.signal]);
      const who = { id: submission.id, campaign, stage: submission.stage, dir, inlineLimit: spec.inline_limit_bytes };
      const submit = () => submitAndWait(c, clock, jobId, submission.stage, encodeTask(who, submission.task), stop);
      let end = await submit();
      // A job that an earlier run cancelled (its interrupt) may still end so after this run reattached to it:
      // this run wants it done, so once more (it was removed as failed; the add makes it anew).
      if (end.kind === 'failed' && classOfFailure(end.reason).class === 'interrupted' && !stop.aborted)
        end = await submit();
      if (end.kind !== 'aborted') {
        inFlight.delete(jobId);
        return await collect(c, jobId, dir, end);
      }
      const timeout = timeoutOf(signal);
      if (timeout === null) return { class: 'interrupted', message: `stopped waiting for ${jobId}`, ms: 0 };
      inFlight.delete(jobId);
      await cancelJobs(c, [jobId], { jobIds: [jobId] });
      return { class: 'timeout', message: `${jobId} cancelled: ${timeout.message}`, ms: 0 };
    },
    async close({ cancel }) {
      const pending = [...inFlight];
      closing.abort();
      try {
        if (cancel) await cancelJobs(c, pending, { jobIds: pending });
      } finally {
        await Promise.allSettled([c.events.close(), c.queue.close(), c.commands.quit()]);
      }
    },
  };
}
