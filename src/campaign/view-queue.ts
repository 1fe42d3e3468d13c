import type { CampaignEventMap } from '../events/campaign-events.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';

/**
 * db.json and summary.json are views of the checkpointed context: they are rewritten off the
 * transition, behind a setImmediate, i.e. once the next stage has handed its work to the pool.
 */
export interface ViewQueue {
  /** Runs `fn` after the writes queued before it (a function property: it is passed around unbound). */
  readonly queue: (what: string, fn: () => Promise<void> | void) => void;
  /** Waits for every queued write; resolves with the first write's error, or null when none failed. */
  drain(): Promise<{ readonly error: unknown } | null>;
}

export function createViewQueue(clock: Clock, events: EventBus<CampaignEventMap>): ViewQueue {
  let writes: Promise<void> = Promise.resolve();
  let writeError: { error: unknown } | null = null;
  return {
    queue(what, fn) {
      writes = writes
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(async () => {
          const t0 = clock.monotonic();
          // As an async function: a write that throws synchronously still reports its time first.
          const pending = (async () => fn())();
          // The synchronous part (building and serialising); lowdb's file write itself is asynchronous.
          events.emit('views', { what, ms: clock.monotonic() - t0 });
          await pending;
        })
        .catch((error: unknown) => {
          writeError ??= { error };
        });
    },
    async drain() {
      await writes;
      return writeError;
    },
  };
}
