/**
 * Busy worker-time of a shared pool, measured from task attempt starts and ends: the integral over time of
 * min(attempts outstanding, threads). Attempt durations alone over-count when campaigns share a pool (they
 * include time queued behind another campaign's tasks); a work-conserving pool with n tasks outstanding keeps
 * min(n, threads) workers busy.
 */
import type { Clock } from '../shared/clock.js';

export interface BusyMeter {
  start(): void;
  end(): void;
  /** Busy worker-milliseconds so far. */
  busyMs(): number;
}

export function createBusyMeter(threads: number, clock: Pick<Clock, 'monotonic'>): BusyMeter {
  let outstanding = 0;
  let busy = 0;
  let last = clock.monotonic();
  const advance = () => {
    const now = clock.monotonic();
    busy += Math.min(outstanding, threads) * (now - last);
    last = now;
  };
  return {
    start() {
      advance();
      outstanding += 1;
    },
    end() {
      advance();
      outstanding = Math.max(0, outstanding - 1);
    },
    busyMs() {
      advance();
      return busy;
    },
  };
}
