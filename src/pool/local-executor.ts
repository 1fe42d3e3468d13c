/**
 * The local executor: engine tasks on this process's worker pools (one per limit profile), each
 * attempt supervised (timeouts, retries by `decideRetry`, audit records) and each engine call metered.
 */
import type { DispatchTiming } from './dispatch-meter.js';
import { metered } from './dispatch-meter.js';
import type { Exec, Executor } from './executor.js';
import type { PoolSet } from './pool-set.js';
import type { Supervisor } from './supervisor.js';

export interface LocalExecutorOptions {
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  /** A stage fails when more than this share of its work fails after retries (`failures.max_rate`). */
  readonly maxFailureRate: number;
  /** Receives the dispatch timing of each engine call; the benchmark's overhead figure. */
  readonly onDispatch?: (timing: DispatchTiming) => void;
}

export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const { pools, supervisor, maxFailureRate, onDispatch } = options;
  return {
    context(generation, signal): Exec {
      return {
        generation,
        ...(signal ? { signal } : {}),
        maxFailureRate,
        threads: (stage) => pools.forStage(stage).threads,
        call: (stage, kind, body) => metered({ stage, kind, generation }, onDispatch, body),
        supervise: (stage, kind, items, run) =>
          supervisor.supervise({
            stage,
            kind,
            generation,
            items,
            profile: pools.retryProfile(stage),
            ...(signal ? { signal } : {}),
            run,
          }),
        run: (stage, task, taskSignal) => pools.forStage(stage).run(task, { signal: taskSignal }),
      };
    },
  };
}
