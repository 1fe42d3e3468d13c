/**
 * What to do after a failed task attempt: a pure function of the failure class, the attempt number and
 * the stage's limit profile. Resource failures retry with adjusted parameters (half the work per task,
 * a longer timeout up to a ceiling); bad input removes the offending molecules; deterministic errors are
 * not retried blindly (only when the error itself says it is retryable).
 */
import type { TaskClass } from '../shared/vocabulary.js';

export interface RetryProfile {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly backoffS: number;
  readonly timeoutS: number | null;
}

export interface FailedAttempt {
  readonly class: Exclude<TaskClass, 'ok'>;
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  /** Work items in the task (molecules, rows, trees). */
  readonly size: number;
  readonly timeoutMs: number | null;
  /** The error says a plain retry may succeed (e.g. a worker that crashed). */
  readonly retryable: boolean;
}

export type RetryDecision =
  | {
      readonly action: 'retry';
      /** Run the work as two halves (each a task of its own). */
      readonly split: boolean;
      /** Drop the molecules the task named as bad input, then run the rest. */
      readonly dropBadInput: boolean;
      readonly timeoutMs: number | null;
      readonly delayMs: number;
    }
  | { readonly action: 'give-up'; readonly reason: string };

/** A timeout grows at most this much over the profile's. */
export const TIMEOUT_CEILING_FACTOR = 4;

export function decideRetry(failed: FailedAttempt, profile: RetryProfile): RetryDecision {
  if (failed.class === 'interrupted') return { action: 'give-up', reason: 'interrupted' };
  if (failed.attempt > profile.retries) {
    return {
      action: 'give-up',
      reason: `${failed.class} after ${failed.attempt} attempts (limit retries: ${profile.retries})`,
    };
  }
  const delayMs = Math.round(profile.backoffS * 1000 * 2 ** (failed.attempt - 1));
  const base = profile.timeoutS === null ? null : profile.timeoutS * 1000;
  switch (failed.class) {
    case 'oom':
      // Less work per task is the only thing that helps memory.
      return { action: 'retry', split: failed.size > 1, dropBadInput: false, timeoutMs: failed.timeoutMs, delayMs };
    case 'timeout': {
      const ceiling = base === null ? null : base * TIMEOUT_CEILING_FACTOR;
      const longer =
        failed.timeoutMs === null || ceiling === null ? failed.timeoutMs : Math.min(ceiling, failed.timeoutMs * 2);
      return { action: 'retry', split: failed.size > 1, dropBadInput: false, timeoutMs: longer, delayMs };
    }
    case 'crash':
    case 'lost':
      // A lost task's node failed, not its work: the same task again.
      return { action: 'retry', split: false, dropBadInput: false, timeoutMs: failed.timeoutMs, delayMs };
    case 'bad_input':
      return { action: 'retry', split: false, dropBadInput: true, timeoutMs: failed.timeoutMs, delayMs: 0 };
    case 'error':
      return failed.retryable
        ? { action: 'retry', split: false, dropBadInput: false, timeoutMs: failed.timeoutMs, delayMs }
        : { action: 'give-up', reason: 'deterministic error: retrying would fail the same way' };
  }
}
