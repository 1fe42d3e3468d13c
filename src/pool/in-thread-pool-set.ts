/**
 * A pool set whose tasks run in the calling thread, through the engines' own handler (`runWorkerTask`, as
 * `alcove task` runs one): a sweep's campaign task runs its whole campaign in one worker thread so, with no
 * engine pool and no thread started. One thread: every stage's work is split for one (`threads` 1), which
 * the engines compute the same as for many, and a network's training asks for no helper (one would wait in
 * this thread for a task queued behind it). Engine code is synchronous, so a task cannot be cut short here:
 * `beforeTask` may refuse one before it starts (an interrupt), and is told each task's stage so that a
 * watchdog in another thread can enforce its timeout. Limits beyond `timeout_s` (a heap cap per profile,
 * threads per stage) are a pooled pool set's.
 */
import type { Limits } from '../config/limits-schema.js';
import { runWorkerTask } from '../engines/worker.js';
import { AlcoveError, fromSerializedError } from '../shared/errors.js';
import type { ResultFor, WorkerReply, WorkerTask } from '../shared/tasks.js';
import type { LimitStage } from '../shared/vocabulary.js';
import type { PoolSet } from './pool-set.js';
import { createCpuSum, type TaskOutcome, type WorkerPool } from './worker-pool.js';

export interface InThreadPoolSetOptions {
  readonly limits: Limits;
  /** Called before each task; a throw refuses the task (as its attempt's error). */
  readonly beforeTask?: (stage: LimitStage) => void;
  /** Called after each task, whatever its end. */
  readonly afterTask?: () => void;
}

export function createInThreadPoolSet(options: InThreadPoolSetOptions): PoolSet {
  const { limits } = options;
  const cpu = createCpuSum();
  const pools = new Map<LimitStage, WorkerPool>();

  const poolFor = (stage: LimitStage): WorkerPool => {
    let pool = pools.get(stage);
    if (pool !== undefined) return pool;
    async function runRaw<R>(task: unknown, runOptions: { signal?: AbortSignal } = {}): Promise<TaskOutcome<R>> {
      if (runOptions.signal?.aborted === true) throw new AlcoveError('ABORTED', `${stage} task interrupted`);
      options.beforeTask?.(stage);
      let reply: WorkerReply<R>;
      try {
        reply = (await runWorkerTask(task as WorkerTask)) as WorkerReply<R>;
      } finally {
        options.afterTask?.();
      }
      cpu.add(reply.stats.cpuMs);
      if (!reply.ok) throw fromSerializedError(reply.error);
      return { value: reply.value, stats: reply.stats };
    }
    pool = {
      threads: 1,
      run: <T extends WorkerTask>(task: T, runOptions?: { signal?: AbortSignal }) =>
        runRaw<ResultFor<T>>(task, runOptions),
      runRaw,
      cpuMs: cpu.ms,
      close: () => Promise.resolve(),
    };
    pools.set(stage, pool);
    return pool;
  };

  return {
    threads: 1,
    forStage: poolFor,
    prepare: () => undefined,
    profile: (stage) => limits[stage],
    retryProfile: (stage) => ({
      retries: limits[stage].retries,
      backoffS: limits[stage].backoff_s,
      timeoutS: limits[stage].timeout_s,
    }),
    workerCpuMs: cpu.ms,
    close: () => Promise.resolve(),
  };
}
