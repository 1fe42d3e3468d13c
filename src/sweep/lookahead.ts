/**
 * The sweep's queue of waiting runs: the next runs of the lazy space in index order, finished ones skipped,
 * each with the time it was queued (for `max_wait` and priority ageing; only this many are in memory), and
 * which of them may start now.
 */
import type { Clock } from '../shared/clock.js';
import type { SchedulingConfig } from '../scheduling/dispatch-policy.js';
import { decideDispatch, priorityOf } from '../scheduling/dispatch-policy.js';
import { isHold } from '../scheduling/off-peak.js';
import { createPriorityQueue, type PriorityQueue } from '../scheduling/priority-queue.js';
import { expandSweep, type SweepRun } from './expand-sweep.js';
import type { SweepSpace } from './expand-sweep.js';
import type { HeldInfo } from './sweep-results.js';

export interface Queued {
  readonly run: SweepRun;
  readonly queuedAt: number;
}

/** The next runs of the sweep's space, at most `size` of them in memory, finished runs skipped. */
export interface Lookahead {
  /** The queued runs, in index order. */
  readonly items: readonly Queued[];
  /** Finished runs passed over so far. */
  readonly skipped: number;
  /** Queues runs from the space until `size` are queued or the space is exhausted. */
  refill(): void;
  remove(q: Queued): void;
}

export function createLookahead(
  space: SweepSpace,
  finished: ReadonlySet<string>,
  size: number,
  clock: Clock,
): Lookahead {
  const gen = expandSweep(space);
  let exhausted = false;
  let buffer: Queued[] = [];
  let skipped = 0;
  return {
    get items(): readonly Queued[] {
      return buffer;
    },
    /** Finished runs passed over so far. */
    get skipped(): number {
      return skipped;
    },
    refill(): void {
      while (!exhausted && buffer.length < size) {
        const next = gen.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        if (finished.has(next.value.id)) {
          skipped += 1;
          continue;
        }
        buffer.push({ run: next.value, queuedAt: clock.now() });
      }
    },
    remove(q: Queued): void {
      buffer = buffer.filter((b) => b !== q);
    },
  };
}

/**
 * The queued runs that may start now, in priority order; held ones stay queued, recorded in `held` with
 * their reason (logged once), and `earliest` is when the first hold ends (Infinity when none is held).
 */
export function pickRunnable(
  items: readonly Queued[],
  now: number,
  scheduling: SchedulingConfig,
  held: Map<string, HeldInfo>,
  log: (line: string) => void,
): { queue: PriorityQueue<Queued>; earliest: number } {
  const queue = createPriorityQueue<Queued>();
  let earliest = Number.POSITIVE_INFINITY;
  for (const q of items) {
    const d = decideDispatch(q.run.params, q.queuedAt, now, scheduling);
    if (isHold(d)) {
      earliest = Math.min(earliest, d.until);
      if (!held.has(q.run.id)) {
        log(`run ${q.run.id} held: ${d.reason}`);
        held.set(q.run.id, {
          id: q.run.id,
          params: q.run.params,
          seed: q.run.seed,
          until: new Date(d.until).toISOString(),
          reason: d.reason,
        });
      }
    } else {
      held.delete(q.run.id);
      queue.push(q, priorityOf(q.run.params, scheduling));
    }
  }
  return { queue, earliest };
}
