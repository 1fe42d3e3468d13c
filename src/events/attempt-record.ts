import type { Stage, TaskClass } from '../shared/vocabulary.js';

export type TaskKind = 'featurize' | 'train' | 'predict' | 'oracle';

/**
 * One task attempt as the supervisor (or the command oracle) reports it: at its start without the end
 * fields, at its end with them (`class` set).
 */
export interface AttemptRecord {
  readonly id: string;
  readonly stage: Stage | 'oracle';
  readonly kind: TaskKind;
  readonly generation: number;
  /** The task chain this attempt belongs to (its first attempt's items). */
  readonly task: string;
  readonly attempt: number;
  readonly params: { readonly items: number; readonly first: number; readonly timeout_ms: number | null };
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly ms?: number;
  readonly class?: TaskClass;
  readonly code?: string | null;
  readonly message?: string | null;
  readonly heapUsed?: number | null;
}
