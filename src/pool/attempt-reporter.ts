/** Reports one attempt on the run's event bus: `attempt:start`, then `attempt:end` with its class. */
import type { AttemptRecord } from '../events/attempt-record.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { AlcoveError } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import type { TaskClass } from '../shared/vocabulary.js';

/** Where attempts are reported: the run's event bus (`attempt:start`, `attempt:end`). */
export type AttemptEvents = Pick<EventBus<CampaignEventMap>, 'emit'>;

export interface AttemptReporter {
  /** Emits `attempt:start`. */
  started(): void;
  /** Emits `attempt:end` with the end fields: time, duration, class, error and heap use. */
  ended(cls: TaskClass, err: AlcoveError | null, heapUsed: number | null): void;
}

/** Starts the record of one attempt now (`startedAt`, and the monotonic time its duration counts from). */
export function reportAttempt(
  clock: Clock,
  events: AttemptEvents,
  fields: Omit<AttemptRecord, 'startedAt'>,
): AttemptReporter {
  const start: AttemptRecord = { ...fields, startedAt: clock.now() };
  const t0 = clock.monotonic();
  return {
    started: () => events.emit('attempt:start', { record: start }),
    ended: (cls, err, heapUsed) =>
      events.emit('attempt:end', {
        record: {
          ...start,
          endedAt: clock.now(),
          ms: clock.monotonic() - t0,
          class: cls,
          code: err?.code ?? null,
          message: err?.message ?? null,
          heapUsed,
        },
      }),
  };
}
