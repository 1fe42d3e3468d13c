/**
 * The abort signal of one attempt: it fires when the attempt's timeout elapses (on the clock passed
 * in) or when the work's own signal does, and remembers which of the two it was. A timeout aborts with a
 * `TIMEOUT` error as the reason, so that what runs the attempt elsewhere (a BullMQ job) can tell a task to
 * stop from a campaign that stops (whose remote tasks `executor.keep_on_interrupt` may keep).
 */
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';

export interface AttemptGuard {
  /** The signal handed to the attempt's run. */
  readonly signal: AbortSignal;
  /** Whether the timeout fired. */
  timedOut(): boolean;
  /** Cancels the timer and detaches from the parent signal. */
  release(): void;
}

export function guardAttempt(clock: Clock, timeoutMs: number | null, parent: AbortSignal | undefined): AttemptGuard {
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === null
      ? null
      : clock.setTimeout(() => {
          timedOut = true;
          controller.abort(new AlcoveError('TIMEOUT', `attempt timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release() {
      clock.clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
