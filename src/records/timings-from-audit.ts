/**
 * The start-up and the ground truth's seconds (see `run-timings.ts`) read back from the audit trail, for
 * a page or report rebuilt after the run (`--report`): the start-up is the first run's time from its
 * `run-start` to its first attempt that ended ok, counted in the stage the machine was in; the ground
 * truth is the span of the oracle's attempts while the machine was in evaluate.
 */
import type { StatusStartup } from '../dashboard/status-input.js';
import { STAGES, type Stage } from '../shared/vocabulary.js';
import type { AuditEvent } from './audit-events.js';

export interface AuditTimings {
  readonly startup: StatusStartup | null;
  readonly truthSeconds: { generation: number; seconds: number }[];
}

const ms = (at: string) => Date.parse(at);
const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

function startupOf(audit: readonly AuditEvent[]): StatusStartup | null {
  const start = audit.findIndex((e) => e.type === 'run-start');
  if (start < 0) return null;
  const startedAt = ms((audit[start] as AuditEvent).at);
  let state: { to: string; at: number; generation: number } | null = null;
  for (let i = start + 1; i < audit.length; i++) {
    const e = audit[i] as AuditEvent;
    if (e.type === 'run-start') return null;
    if (e.type === 'transition') state = { to: e.to, at: ms(e.at), generation: e.generation };
    if (e.type === 'attempt-end' && e.class === 'ok') {
      if (state === null || !isStage(state.to)) return null;
      const seconds = (ms(e.at) - startedAt) / 1000;
      return {
        generation: state.generation,
        stage: state.to,
        seconds,
        inStage: Math.min(seconds, Math.max(0, (ms(e.at) - state.at) / 1000)),
      };
    }
  }
  return null;
}

function truthOf(audit: readonly AuditEvent[]): { generation: number; seconds: number }[] {
  const out = new Map<number, number>();
  let evaluating: number | null = null;
  let first: number | null = null;
  let last: number | null = null;
  const close = () => {
    if (evaluating !== null && first !== null && last !== null && last - first >= 50) {
      out.set(evaluating, (out.get(evaluating) ?? 0) + (last - first) / 1000);
    }
    first = last = null;
  };
  const oracleIds = new Set<string>();
  for (const e of audit) {
    if (e.type === 'transition' || e.type === 'run-start' || e.type === 'run-end') {
      close();
      evaluating = e.type === 'transition' && e.to === 'evaluate' ? e.generation : null;
    } else if (evaluating !== null && e.type === 'attempt-start' && e.stage === 'oracle') {
      oracleIds.add(e.id);
      first ??= ms(e.at);
    } else if (evaluating !== null && e.type === 'attempt-end' && oracleIds.has(e.id)) {
      last = ms(e.at);
    }
  }
  close();
  return [...out].map(([generation, seconds]) => ({ generation, seconds }));
}

export function timingsFromAudit(audit: readonly AuditEvent[]): AuditTimings {
  return { startup: startupOf(audit), truthSeconds: truthOf(audit) };
}
