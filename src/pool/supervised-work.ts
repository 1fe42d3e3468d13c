/**
 * What the supervisor is given and what it gives back. Work is a list of item indices (molecules,
 * rows, trees), so "half the batch" and "without the bad molecules" are the same operation for every
 * kind of task.
 */
import type { TaskKind } from '../events/attempt-record.js';
import type { Stage, TaskClass } from '../shared/vocabulary.js';
import type { RetryProfile } from '../strategies/retry-policy.js';

export interface ItemRunContext {
  readonly signal: AbortSignal;
  readonly attempt: number;
}

export interface SupervisedWork<R> {
  readonly stage: Stage | 'oracle';
  readonly kind: TaskKind;
  readonly generation: number;
  readonly items: readonly number[];
  readonly profile: RetryProfile;
  readonly signal?: AbortSignal;
  /** One attempt over these items. Return the result and, if known, the worker's heap use. */
  readonly run: (items: readonly number[], ctx: ItemRunContext) => Promise<{ value: R; heapUsed?: number }>;
}

export interface SupervisedResult<R> {
  readonly parts: readonly { readonly items: readonly number[]; readonly value: R }[];
  /** Items that failed after all retries, with the class of their last attempt. */
  readonly failed: readonly {
    readonly items: readonly number[];
    readonly class: TaskClass;
    readonly message: string;
  }[];
  /** Items dropped as bad input. */
  readonly dropped: readonly number[];
}
