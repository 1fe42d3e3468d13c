import type { Stage } from '../shared/vocabulary.js';
import type { ItemRunContext, SupervisedResult, Supervisor, TaskKind } from './supervisor.js';
import type { PoolSet } from './pool-set.js';
import { metered, type DispatchTiming, type RecordTask } from './dispatch-meter.js';

/** What a stage needs to run engine work: the pools, the supervisor, its abort signal and generation. */
export interface Exec {
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  readonly generation: number;
  readonly signal?: AbortSignal;
  /** A stage fails when more than this share of its work fails after retries. */
  readonly maxFailureRate: number;
  /** Receives the dispatch timing of each engine call (`engineCall`); the benchmark's overhead figure. */
  readonly onDispatch?: (timing: DispatchTiming) => void;
}

/**
 * One engine call of a stage (a fan-out of pool tasks and the merge of their results), metered for
 * dispatch time: task callbacks pass each reply's `stats` to `record`.
 */
export function engineCall<T>(
  exec: Exec,
  stage: Stage | 'oracle',
  kind: TaskKind,
  body: (record: RecordTask) => Promise<T>,
): Promise<T> {
  return metered({ stage, kind, generation: exec.generation }, exec.onDispatch, body);
}

/** Supervise work of `stage` under that stage's retry profile, in this generation, under this signal. */
export function superviseIn<R>(
  exec: Exec,
  stage: Stage | 'oracle',
  kind: TaskKind,
  items: readonly number[],
  run: (items: readonly number[], ctx: ItemRunContext) => Promise<{ value: R; heapUsed?: number }>,
): Promise<SupervisedResult<R>> {
  return exec.supervisor.supervise({
    stage,
    kind,
    generation: exec.generation,
    items,
    profile: exec.pools.retryProfile(stage),
    ...(exec.signal ? { signal: exec.signal } : {}),
    run,
  });
}
