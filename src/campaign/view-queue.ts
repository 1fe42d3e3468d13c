import type { CampaignEventMap } from '../events/campaign-events.js';
import type { WarnOnce } from '../records/warn-once.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';

/**
 * db.json and summary.json are views of the checkpointed context: they are rewritten off the
 * transition, behind a setImmediate, i.e. once the next stage has handed its work to the pool. A view
 * that cannot be written (a full or failing disk) is a warning, printed once and listed in summary.json
 * (`warnings`), never the end of the run: the checkpoint and the audit trail rebuild it.
 */
export interface ViewQueue {
  /** Runs `fn` after the writes queued before it (a function property: it is passed around unbound). */
  readonly queue: (what: string, fn: () => Promise<void> | void) => void;
  /** Waits for every queued write. */
  drain(): Promise<void>;
}

export function createViewQueue(clock: Clock, events: EventBus<CampaignEventMap>, warnOnce: WarnOnce): ViewQueue {
  let writes: Promise<void> = Promise.resolve();
  return {
    queue(what, fn) {
      writes = writes
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(async () => {
          const t0 = clock.monotonic();
          // As an async function: a write that throws synchronously still reports its time first.
          const pending = (async () => fn())();
          // The synchronous part (building, serialising and writing the file).
          events.emit('views', { what, ms: clock.monotonic() - t0 });
          await pending;
        })
        .catch((error: unknown) => warnOnce(what, error));
    },
    async drain() {
      await writes;
    },
  };
}
