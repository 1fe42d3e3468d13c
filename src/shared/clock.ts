/**
 * Time is passed in, so that tests use a fake clock and nothing reads `Date.now()` or schedules a timer
 * directly: the clock owns timers too, and the fake one fires them only when a test moves its time.
 */

declare const timerBrand: unique symbol;
/** What `setTimeout`/`setInterval` return: only good for handing back to the same clock. */
export interface TimerHandle {
  readonly [timerBrand]: true;
}

export interface TimerOptions {
  /** The timer does not keep the process alive (a page refresh, a coalesced write). */
  readonly unref?: boolean;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A monotonic high-resolution reading in milliseconds, for durations. */
  monotonic(): number;
  /** Calls `fn` once, `ms` from now. */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancels a timeout; a handle that already fired (or none) is ignored. */
  clearTimeout(handle: TimerHandle | null | undefined): void;
  /** Calls `fn` every `ms` until cleared. */
  setInterval(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  clearInterval(handle: TimerHandle | null | undefined): void;
  /**
   * Resolves after `ms`, or as soon as `signal` aborts. It never rejects: the caller looks at the signal,
   * because a cut-short wait (a stage interrupted during its back-off) is not an error of the wait.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

type Timers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** `sleep` on a clock's own timers, so that a fake clock's sleeps end when its time moves. */
function sleepOn(timers: Timers, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted === true) return resolve();
    const done = () => {
      timers.clearTimeout(handle);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const handle = timers.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

// Node's timer objects, behind the opaque handle.
const toHandle = (t: NodeJS.Timeout) => t as unknown as TimerHandle;
const fromHandle = (h: TimerHandle | null | undefined) => (h ?? undefined) as unknown as NodeJS.Timeout | undefined;

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout(fn, ms, options) {
    const t = setTimeout(fn, ms);
    if (options?.unref === true) t.unref();
    return toHandle(t);
  },
  clearTimeout: (handle) => clearTimeout(fromHandle(handle)),
  setInterval(fn, ms, options) {
    const t = setInterval(fn, ms);
    if (options?.unref === true) t.unref();
    return toHandle(t);
  },
  clearInterval: (handle) => clearInterval(fromHandle(handle)),
  sleep: (ms, signal) => sleepOn(systemClock, ms, signal),
};

export interface FakeClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in due order (ties in the
   * order they were set), each with the clock reading its own due time. Timers set by a firing timer fire
   * too if they fall due before the end. Promises they settle resolve after `advance` returns.
   */
  advance(ms: number): void;
  /** Timers still to fire. */
  pending(): number;
  /** When the next timer falls due (clock time), or null if none is set. */
  nextDue(): number | null;
}

interface FakeTimer {
  readonly id: number;
  due: number;
  readonly every: number | null;
  readonly fn: () => void;
}

/** A clock that only moves when told to; `now` and `monotonic` read the same time. For tests. */
export function createFakeClock(start = 0): FakeClock {
  let t = start;
  let nextId = 1;
  const timers = new Map<number, FakeTimer>();
  const add = (fn: () => void, ms: number, every: number | null) => {
    const id = nextId++;
    timers.set(id, { id, due: t + Math.max(0, ms), every, fn });
    return id as unknown as TimerHandle;
  };
  const clear = (handle: TimerHandle | null | undefined) => {
    if (handle !== null && handle !== undefined) timers.delete(handle as unknown as number);
  };
  const first = (): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const timer of timers.values()) {
      if (best === undefined || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  };
  const clock: FakeClock = {
    now: () => t,
    monotonic: () => t,
    setTimeout: (fn, ms) => add(fn, ms, null),
    clearTimeout: clear,
    // An interval of 0 would fire forever within one `advance`; it repeats at least every 1 ms.
    setInterval: (fn, ms) => add(fn, ms, Math.max(1, ms)),
    clearInterval: clear,
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
    advance(ms) {
      const end = t + Math.max(0, ms);
      for (let next = first(); next !== undefined && next.due <= end; next = first()) {
        t = next.due;
        if (next.every === null) timers.delete(next.id);
        else next.due += next.every;
        next.fn();
      }
      t = end;
    },
    pending: () => timers.size,
    nextDue: () => first()?.due ?? null,
  };
  return clock;
}
