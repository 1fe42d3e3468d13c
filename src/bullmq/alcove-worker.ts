/**
 * An Alcove worker: takes the jobs of a queue and runs their tasks (`alcove worker --redis URL`). Any machine
 * with the project installed and the campaign's state folder mounted at the same path can be one.
 *
 * - Up to `concurrency` jobs at once; engine tasks on that many threads (run-job-task.ts).
 * - Cancelling: the orchestrator publishes the ids to cancel on `alcove:<queue>:cancel` and
 *   leaves a key per id (a job that starts after the message is cancelled too); the job's task is aborted
 *   and the job fails as `interrupted`. BullMQ's own abort signal (worker.cancelJob) is honoured as well.
 * - `close()` waits for the running jobs; `close(true)` leaves them (they stall and another worker takes them).
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createWorkerPool, type WorkerPool } from '../pool/worker-pool.js';
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { decodeTask, encodeResult, isJobData, type AlcoveJobResult } from './job-codec.js';
import { failureReason } from './failure-reason.js';
import {
  cancelChannel,
  cancelKey,
  LOCK_DURATION_MS,
  MAX_STALLED_COUNT,
  STALLED_INTERVAL_MS,
} from './queue-settings.js';
import { connectionOptions, probeRedis } from './redis-connection.js';
import { runJobTask } from './run-job-task.js';

export interface AlcoveWorkerOptions {
  readonly redis: string;
  /** Where `redis` came from, for the error of an unreachable one. */
  readonly redisKey?: string;
  readonly queue: string;
  readonly concurrency: number;
  readonly clock: Clock;
  /** One line per job that ends, and per worker error. */
  readonly log?: (line: string) => void;
  /** The engine threads (tests pass a fixture pool); default: `concurrency` threads of the engines. */
  readonly pool?: WorkerPool;
}

export interface AlcoveWorker {
  readonly name: string;
  close(force?: boolean): Promise<void>;
}

/** What a cancel message names: the jobs to stop. */
interface CancelMessage {
  readonly jobIds?: readonly string[];
}

export async function startAlcoveWorker(options: AlcoveWorkerOptions): Promise<AlcoveWorker> {
  const { redis, queue, concurrency, clock } = options;
  const log = options.log ?? (() => undefined);
  await probeRedis({ url: redis, key: options.redisKey ?? '--redis' }, clock);
  const pool = options.pool ?? createWorkerPool({ threads: concurrency });
  const name = `${hostname()}:${process.pid}`;
  const active = new Map<string, AbortController>();
  const commands = new Redis(redis, { ...connectionOptions(redis, false) });
  const subscriber = new Redis(redis, { ...connectionOptions(redis, true) });
  // Connection trouble is retried by ioredis and reported here; it must not crash the worker.
  commands.on('error', (error: unknown) => log(`worker: redis: ${coerceError(error).message}`));
  subscriber.on('error', (error: unknown) => log(`worker: redis: ${coerceError(error).message}`));
  subscriber.on('message', (_channel: string, text: string) => {
    for (const [id, controller] of active) if (isCancelled(text, id)) controller.abort(new Error('cancelled'));
  });
  await subscriber.subscribe(cancelChannel(queue));

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<AlcoveJobResult> => {
    const jobId = job.id ?? '';
    if (!isJobData(job.data)) throw new Error(failureReason('error', `job ${jobId} is not an Alcove job`));
    const data = job.data;
    const controller = new AbortController();
    active.set(jobId, controller);
    const aborted = signal === undefined ? controller.signal : AbortSignal.any([controller.signal, signal]);
    try {
      if ((await commands.exists(cancelKey(queue, jobId))) > 0) controller.abort(new Error('cancelled'));
      if (aborted.aborted) throw new Error(failureReason('interrupted', 'cancelled before it started'));
      let task;
      try {
        task = decodeTask(data);
      } catch (error) {
        const why = coerceError(error).message;
        throw new Error(failureReason('error', `${why} (is the state folder shared at the same path?)`), {
          cause: error,
        });
      }
      const run = await runJobTask(pool, task, aborted);
      if (aborted.aborted) throw new Error(failureReason('interrupted', 'cancelled'));
      return encodeResult(data, run.result, { class: run.class, ms: run.ms, host: hostname() });
    } finally {
      active.delete(jobId);
    }
  };

  const worker = new Worker(queue, processor, {
    connection: { ...connectionOptions(redis, true) },
    name,
    concurrency,
    lockDuration: LOCK_DURATION_MS,
    stalledInterval: STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  worker.on('error', (error: unknown) => log(`worker: ${coerceError(error).message}`));
  worker.on('completed', (job: Job) => {
    const value = job.returnvalue as Partial<AlcoveJobResult> | undefined;
    log(`worker: ${job.id ?? '?'} ${value?.class ?? '?'} in ${Math.round(value?.ms ?? 0)} ms`);
  });
  worker.on('failed', (job: Job | undefined, error: Error) =>
    log(`worker: ${job?.id ?? '?'} failed: ${error.message}`),
  );
  await worker.waitUntilReady();

  let closing: Promise<void> | null = null;
  return {
    name,
    close(force = false) {
      closing ??= (async () => {
        try {
          await worker.close(force);
        } finally {
          await Promise.allSettled([subscriber.quit(), commands.quit(), options.pool ? null : pool.close()]);
        }
      })();
      return closing;
    },
  };
}

function isCancelled(text: string, jobId: string): boolean {
  let message: CancelMessage;
  try {
    message = JSON.parse(text) as CancelMessage;
  } catch {
    // Not ours (someone else published on the channel): nothing to cancel.
    return false;
  }
  return Array.isArray(message.jobIds) && message.jobIds.includes(jobId);
}
