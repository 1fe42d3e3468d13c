/** The class a failed attempt ended in, from its error and from what the supervisor saw happen. */
import { type AlcoveError, coerceError } from '../shared/errors.js';
import type { TaskClass } from '../shared/vocabulary.js';

/** A failed attempt: its class (never `ok`) and its error, normalised. */
export interface AttemptFailure {
  readonly cls: Exclude<TaskClass, 'ok'>;
  readonly err: AlcoveError;
}

export function classifyFailure(error: unknown, state: { timedOut: boolean; interrupted: boolean }): AttemptFailure {
  const err = coerceError(error);
  if (state.interrupted) return { cls: 'interrupted', err };
  // A remote task's timeout is the scheduler's (SLURM's TIMEOUT), not the supervisor's timer.
  if (state.timedOut || err.code === 'TIMEOUT') return { cls: 'timeout', err };
  if (err.code === 'TASK_LOST') return { cls: 'lost', err };
  if (err.code === 'OUT_OF_MEMORY' || /out of memory|Cannot enlarge memory|Aborted\(OOM\)/i.test(err.message)) {
    return { cls: 'oom', err };
  }
  if (err.code === 'WORKER_CRASHED') return { cls: 'crash', err };
  if (err.code === 'BAD_INPUT') return { cls: 'bad_input', err };
  return { cls: 'error', err };
}
