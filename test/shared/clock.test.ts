import { describe, expect, it } from 'vitest';
import { createFakeClock, systemClock, type TimerHandle } from '../../src/shared/clock.js';

describe('createFakeClock', () => {
  it('fires due timers in due order (ties in the order set), each at its own time', () => {
    const clock = createFakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`late@${clock.now()}`), 31);
    expect(clock.pending()).toBe(4);
    expect(clock.nextDue()).toBe(1010);
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(21);
    expect(fired).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(1030);
    expect(clock.monotonic()).toBe(1030);
    clock.advance(1);
    expect(fired.at(-1)).toBe('late@1031');
    expect(clock.pending()).toBe(0);
    expect(clock.nextDue()).toBeNull();
  });

  it('clears timeouts and intervals; intervals repeat; timers set while firing fire if due', () => {
    const clock = createFakeClock(0);
    const fired: string[] = [];
    const cleared = clock.setTimeout(() => fired.push('cleared'), 5);
    clock.clearTimeout(cleared);
    clock.clearTimeout(null);
    let ticks = 0;
    const interval: TimerHandle = clock.setInterval(() => {
      ticks += 1;
      fired.push(`tick@${clock.now()}`);
      if (ticks === 3) clock.clearInterval(interval);
    }, 10);
    clock.setTimeout(() => clock.setTimeout(() => fired.push(`chained@${clock.now()}`), 4), 2);
    clock.advance(100);
    expect(fired).toEqual(['chained@6', 'tick@10', 'tick@20', 'tick@30']);
    expect(clock.pending()).toBe(0);
  });

  it('sleep resolves when time reaches it, or at once on abort, without leaving a timer', async () => {
    const clock = createFakeClock(0);
    let slept = false;
    const sleeping = clock.sleep(50).then(() => (slept = true));
    clock.advance(49);
    await Promise.resolve();
    expect(slept).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(slept).toBe(true);

    const controller = new AbortController();
    const cut = clock.sleep(1_000_000, controller.signal);
    expect(clock.pending()).toBe(1);
    controller.abort();
    await cut;
    expect(clock.pending()).toBe(0);
    expect(clock.now()).toBe(50);
    await clock.sleep(0);
    await clock.sleep(10, AbortSignal.abort());
    expect(clock.pending()).toBe(0);
  });
});

describe('systemClock timers', () => {
  it('a cleared timeout never fires; an aborted sleep resolves at once', async () => {
    let fired = false;
    systemClock.clearTimeout(systemClock.setTimeout(() => (fired = true), 0, { unref: true }));
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    await systemClock.sleep(0);
    expect(fired).toBe(false);
  });
});
