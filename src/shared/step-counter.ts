/**
 * A step counter: progress inside long tasks (a network's epochs), written by the worker threads into shared
 * memory and read by the main thread while the tasks run. One slot per item of the engine call (an ensemble's
 * networks): the steps it has done and whether it has ended. A task never posts a message per step: a worker
 * thread busy in its epoch loop could not answer one, and an `Atomics.store` per epoch costs nothing beside it.
 *
 * Layout (Int32): [steps of item 0 .. n-1][ended flag of item 0 .. n-1].
 */

/** `Atomics.waitAsync`: in Node since 16 (V8 8.7), in TypeScript's lib only from es2024 (this project's lib: es2023). */
type WaitAsync = (
  slots: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** What the steps of an engine call's items add up to at one reading. */
export interface StepProgress {
  /** Steps done, summed over the items. */
  readonly done: number;
  /**
   * Steps the items will have done when they all end: `perItem` for each item still running or waiting, and
   * the steps it really did for each ended one (an item that stopped early lowers the total: no step is
   * promised that will not run).
   */
  readonly total: number;
  /** Steps an item runs at most (a network's configured epochs, K). */
  readonly perItem: number;
  readonly items: number;
  /** Items ended (their task returned its result). */
  readonly ended: number;
  /** Items that ended before `perItem` steps (early stopping). */
  readonly endedEarly: number;
}

export function createStepCounter(items: number): SharedArrayBuffer {
  if (!Number.isInteger(items) || items < 1) throw new RangeError(`a step counter needs >= 1 item, got ${items}`);
  return new SharedArrayBuffer(items * 2 * Int32Array.BYTES_PER_ELEMENT);
}

function view(buffer: SharedArrayBuffer, item: number): { slots: Int32Array; items: number } {
  const slots = new Int32Array(buffer);
  const items = slots.length / 2;
  if (!Number.isInteger(item) || item < 0 || item >= items) {
    throw new RangeError(`step counter item ${item} out of range [0, ${items})`);
  }
  return { slots, items };
}

/**
 * Worker side: item `item` has done `steps` steps (stored, not added: a retried task starts again from 1 and
 * overwrites what its failed attempt left; only a task that returned sets the ended flag, and it is not retried).
 */
export function recordSteps(buffer: SharedArrayBuffer, item: number, steps: number): void {
  const { slots } = view(buffer, item);
  Atomics.store(slots, item, steps);
  // A waiter (`waitForSteps`) wakes instead of polling; with none, a notify costs well under a microsecond.
  Atomics.notify(slots, item);
}

/** Worker side: item `item` ended after `steps` steps. */
export function recordEnded(buffer: SharedArrayBuffer, item: number, steps: number): void {
  const { slots, items } = view(buffer, item);
  Atomics.store(slots, item, steps);
  Atomics.store(slots, items + item, 1);
}

/**
 * Resolves once item `item` has done more than `steps` steps (a test's gate, or any reader that would rather
 * not poll); at once when it already has.
 */
export async function waitForSteps(buffer: SharedArrayBuffer, item: number, steps: number): Promise<void> {
  const { slots } = view(buffer, item);
  for (let seen = Atomics.load(slots, item); seen <= steps; seen = Atomics.load(slots, item)) {
    const wait = waitAsync(slots, item, seen);
    if (wait.async) await wait.value;
  }
}

/** Main-thread side: the items' steps now. Items are read one by one (each slot is consistent on its own). */
export function readSteps(buffer: SharedArrayBuffer, perItem: number): StepProgress {
  const slots = new Int32Array(buffer);
  const items = slots.length / 2;
  let done = 0;
  let total = 0;
  let ended = 0;
  let endedEarly = 0;
  for (let i = 0; i < items; i++) {
    const steps = Math.min(perItem, Atomics.load(slots, i));
    done += steps;
    if (Atomics.load(slots, items + i) === 1) {
      ended++;
      if (steps < perItem) endedEarly++;
      total += steps;
    } else {
      total += perItem;
    }
  }
  return { done, total, perItem, items, ended, endedEarly };
}
