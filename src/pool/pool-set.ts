/**
 * One worker pool per distinct limit profile (Piscina's `resourceLimits` are per pool), created on first
 * use so that stages sharing a profile share threads and an unused profile costs nothing.
 */
import { availableParallelism } from 'node:os';
import type { Limits, LimitProfile } from '../config/limits-schema.js';
import type { LimitStage } from '../shared/vocabulary.js';
import type { RetryProfile } from '../strategies/retry-policy.js';
import { compiledRdkitWasm } from '../shared/rdkit-wasm.js';
import { createWorkerPool, type WorkerPool } from './worker-pool.js';

export interface PoolSet {
  forStage(stage: LimitStage): WorkerPool;
  /**
   * Starts the pools of these stages now, so that worker threads boot (and, for RDKit stages, load the
   * WebAssembly module) while the main thread loads the dataset, not when the first task is posted.
   */
  prepare(stages: readonly LimitStage[]): void;
  profile(stage: LimitStage): LimitProfile;
  retryProfile(stage: LimitStage): RetryProfile;
  /** Threads of the default profile (for splitting work). */
  readonly threads: number;
  /**
   * CPU time of the worker threads in the tasks run so far (ms): the sum over the pools started, null when a pool
   * cannot tell. Optional: a pool set that cannot tell (a test's fake) leaves it out.
   */
  workerCpuMs?(): number | null;
  close(): Promise<void>;
}

export function createPoolSet(
  limits: Limits,
  workers: number | null,
  options: { filename?: string; memoryOverride?: Partial<Record<LimitStage, number>> } = {},
): PoolSet {
  const defaultThreads = Math.max(1, workers ?? availableParallelism());
  const pools = new Map<string, WorkerPool>();
  let closedCpuMs: number | null = 0;
  const memoryOf = (stage: LimitStage) => limits[stage].memory_mb ?? options.memoryOverride?.[stage] ?? null;
  const threadsOf = (stage: LimitStage) => limits[stage].threads ?? defaultThreads;
  const keyOf = (stage: LimitStage) => `${threadsOf(stage)}:${memoryOf(stage) ?? '-'}`;
  const poolFor = (stage: LimitStage, warmRdkit: boolean): WorkerPool => {
    const key = keyOf(stage);
    let pool = pools.get(key);
    if (pool === undefined) {
      const memory = memoryOf(stage);
      pool = createWorkerPool({
        threads: threadsOf(stage),
        warmRdkit,
        // Compiled once here for every pool that featurizes and for the main thread's own RDKit.
        ...(warmRdkit ? { rdkitWasm: compiledRdkitWasm() } : {}),
        ...(options.filename === undefined ? {} : { filename: options.filename }),
        ...(memory === null
          ? {}
          : {
              resourceLimits: {
                maxOldGenerationSizeMb: memory,
                maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memory / 8)),
              },
            }),
      });
      pools.set(key, pool);
    }
    return pool;
  };
  return {
    threads: defaultThreads,
    forStage: (stage) => poolFor(stage, false),
    prepare(stages) {
      for (const stage of stages) {
        // RDKit is loaded ahead only by pools that will featurize: a train-only pool does not pay for it.
        const key = keyOf(stage);
        poolFor(
          stage,
          stages.some((s) => s === 'featurize' && keyOf(s) === key),
        );
      }
    },
    profile: (stage) => limits[stage],
    retryProfile: (stage) => ({
      retries: limits[stage].retries,
      backoffS: limits[stage].backoff_s,
      timeoutS: limits[stage].timeout_s,
    }),
    workerCpuMs() {
      let sum = closedCpuMs;
      if (sum === null) return null;
      for (const pool of pools.values()) {
        const ms = pool.cpuMs?.() ?? null;
        if (ms === null) return null;
        sum += ms;
      }
      return sum;
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
      // Read after the close: what the pools did stays counted (a sweep reports it once they are closed).
      for (const pool of pools.values()) {
        const ms = pool.cpuMs?.() ?? null;
        closedCpuMs = closedCpuMs === null || ms === null ? null : closedCpuMs + ms;
      }
      pools.clear();
    },
  };
}
