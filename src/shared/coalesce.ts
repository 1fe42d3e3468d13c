/**
 * Coalesced, rate-limited work: `request()` as often as you like; `run` happens once for a burst of
 * requests, off the caller's stack (behind a setImmediate), and at most once per `intervalMs` (a timer of
 * the clock picks up requests that come sooner). Whatever `run` reads, it reads when it runs: the newest state.
 */
import type { Clock, TimerHandle } from './clock.js';

export interface Coalescer {
  /** Run soon: now-ish if the last run is old enough, else when it is. */
  request(): void;
  /** Run now (cancelling a scheduled run), e.g. at the end. */
  runNow(): void;
  cancel(): void;
}

export function createCoalescer(
  run: () => void,
  options: { readonly intervalMs: number; readonly clock: Clock },
): Coalescer {
  const { intervalMs, clock } = options;
  let immediate: ReturnType<typeof setImmediate> | null = null;
  let timer: TimerHandle | null = null;
  let lastRun = Number.NEGATIVE_INFINITY;
  const cancel = () => {
    if (immediate !== null) clearImmediate(immediate);
    clock.clearTimeout(timer);
    immediate = null;
    timer = null;
  };
  const runNow = () => {
    cancel();
    run();
    lastRun = clock.monotonic();
  };
  return {
    request() {
      if (immediate !== null || timer !== null) return; // the run already coming reads the newest state
      const wait = lastRun + intervalMs - clock.monotonic();
      if (wait <= 0) immediate = setImmediate(runNow);
      else timer = clock.setTimeout(runNow, wait, { unref: true });
    },
    runNow,
    cancel,
  };
}
