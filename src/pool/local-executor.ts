/**
 * The local executor: engine tasks on this process's worker pools (one per limit profile), each
 * attempt supervised (timeouts, retries by `decideRetry`, audit records) and each engine call metered.
 */
import type { Clock } from '../shared/clock.js';
import type { DispatchTiming } from './dispatch-meter.js';
import { metered } from './dispatch-meter.js';
import type { Exec, Executor } from './executor.js';
import type { PoolSet } from './pool-set.js';
import { createProgressTally, type CallProgress } from './progress-tally.js';
import type { Supervisor } from './supervisor.js';

export interface LocalExecutorOptions {
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  /** A stage fails when more than this share of its work fails after retries (`failures.max_rate`). */
  readonly maxFailureRate: number;
  /** Receives the dispatch timing of each engine call; the benchmark's overhead figure. */
  readonly onDispatch?: (timing: DispatchTiming) => void;
  /** Receives the progress of each engine call (items done of its total), for progress lines. */
  readonly onProgress?: (progress: CallProgress) => void;
  /** Reads the step counters of calls whose tasks count steps (a network's epochs); none are made without it. */
  readonly clock?: Clock;
}

export function createLocalExecutor(options: LocalExecutorOptions): Executor {
  const { pools, supervisor, maxFailureRate, onDispatch, onProgress, clock } = options;
  return {
    context(generation, signal): Exec {
      const tally =
        onProgress === undefined
          ? null
          : createProgressTally(generation, onProgress, clock === undefined ? {} : { clock });
      return {
        generation,
        ...(signal ? { signal } : {}),
        maxFailureRate,
        threads: (stage) => pools.forStage(stage).threads,
        call: (stage, kind, body) =>
          tally === null
            ? metered({ stage, kind, generation }, onDispatch, body)
            : tally.call(stage, kind, () => metered({ stage, kind, generation }, onDispatch, body)),
        supervise: (stage, kind, items, run) => {
          const ended = tally?.piece(stage, kind, items.length);
          const work = supervisor.supervise({
            stage,
            kind,
            generation,
            items,
            profile: pools.retryProfile(stage),
            ...(signal ? { signal } : {}),
            run,
          });
          return ended === undefined ? work : work.finally(ended);
        },
        countSteps: (stage, kind, items, perItem) => tally?.countSteps(stage, kind, items, perItem) ?? null,
        run: (stage, task, taskSignal) => pools.forStage(stage).run(task, { signal: taskSignal }),
      };
    },
  };
}
