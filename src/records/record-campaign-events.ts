/**
 * The audit trail as a listener of the run's event bus: transitions, rounds, notices and task attempts
 * become audit lines. The bus calls listeners synchronously, in emission order, so an attempt's start is
 * appended before its end and transitions in the order they happened.
 */
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { EventBus } from '../shared/event-bus.js';
import type { AuditLog } from './audit-log.js';

/** Where an attempt's task chain is found across runs: generation, stage, first attempt's items. */
const keyOf = (r: { generation: number; stage: string; task: string }) => `g${r.generation}/${r.stage}/${r.task}`;

/** Subscribes the audit log to `bus`; returns the function that unsubscribes it. */
export function recordCampaignEvents(bus: EventBus<CampaignEventMap>, log: Pick<AuditLog, 'append'>): () => void {
  const offs = [
    bus.on('machine:transition', ({ from, to, at, context }) => {
      log.append({ type: 'transition', at: new Date(at).toISOString(), from, to, generation: context.generation });
    }),
    bus.on('round:end', ({ round }) => {
      log.append({
        type: 'round',
        generation: round.generation,
        labeled: round.labeled,
        metrics: round.metrics,
        seconds: round.seconds,
      });
    }),
    bus.on('notice', ({ message }) => {
      log.append({ type: 'notice', message });
    }),
    bus.on('attempt:start', ({ record: r }) => {
      log.append({
        type: 'attempt-start',
        id: r.id,
        key: keyOf(r),
        stage: r.stage,
        task: r.kind,
        generation: r.generation,
        attempt: r.attempt,
        params: { items: r.params.items, first: r.params.first, timeout_ms: r.params.timeout_ms },
      });
    }),
    bus.on('attempt:end', ({ record: r }) => {
      log.append({
        type: 'attempt-end',
        id: r.id,
        startedAt: new Date(r.startedAt).toISOString(),
        durationMs: r.ms ?? 0,
        class: r.class ?? 'error',
        error:
          r.class === 'ok' || r.class === undefined ? null : { code: r.code ?? 'INTERNAL', message: r.message ?? '' },
        peakMemoryBytes: r.heapUsed ?? null,
      });
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
