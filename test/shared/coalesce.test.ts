import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../src/shared/clock.js';
import { createCoalescer } from '../../src/shared/coalesce.js';

describe('createCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once per burst, off the caller, and at most once per interval, showing the newest state', async () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    let state = 0;
    const c = createCoalescer(() => seen.push(state), { intervalMs: 2000, clock });

    for (state = 1; state <= 5; state++) c.request();
    expect(seen).toEqual([]); // not on the caller's stack
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([6]); // one run for the burst, reading the newest state

    // Requests within the interval wait for it; more requests meanwhile add nothing.
    clock.advance(500);
    state = 7;
    c.request();
    c.request();
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([6]);
    state = 8;
    clock.advance(1500);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([6, 8]);

    // After a quiet interval a request runs at once again.
    clock.advance(5000);
    state = 9;
    c.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([6, 8, 9]);
  });

  it('runNow runs at once and cancels what was scheduled; cancel drops it', async () => {
    const clock = createFakeClock(0);
    let runs = 0;
    const c = createCoalescer(() => (runs += 1), { intervalMs: 1000, clock });
    c.request();
    c.runNow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
    c.request();
    c.cancel();
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});
