import type { Supervisor } from './supervisor.js';
import type { PoolSet } from './pool-set.js';

/** What a stage needs to run engine work: the pools, the supervisor, its abort signal and generation. */
export interface Exec {
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  readonly generation: number;
  readonly signal?: AbortSignal;
  /** A stage fails when more than this share of its work fails after retries. */
  readonly maxFailureRate: number;
}
