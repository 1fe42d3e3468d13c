/**
 * The audit trail of one run, with every event of the state folder's trail kept in memory for the
 * status page: on resume, attempts a killed run left open are closed first, then the trail is read.
 */
import { existsSync } from 'node:fs';
import type { Clock } from '../shared/clock.js';
import { closeOpenAttempts, createAuditLog, readAudit, type AuditEvent, type AuditLog } from './audit-log.js';

export interface RunAudit {
  /** Appends to the trail and to `events`. */
  append: AuditLog['append'];
  /** Every event of the trail, this run's included: the status page's attempts. */
  readonly events: readonly AuditEvent[];
  /** fsync and close the trail. */
  close(): void;
}

export interface RunAuditOptions {
  readonly path: string;
  readonly clock: Clock;
  readonly run: string;
  readonly resume: boolean;
  readonly log: (line: string) => void;
}

export function openRunAudit({ path, clock, run, resume, log }: RunAuditOptions): RunAudit {
  const memory: AuditEvent[] = [];
  if (resume && existsSync(path)) {
    const closed = closeOpenAttempts(path, clock, run);
    if (closed > 0) log(`audit: ${closed} task attempt(s) left open by a killed run were closed as interrupted`);
  }
  if (existsSync(path)) memory.push(...readAudit(path).events);
  const audit = createAuditLog(path, clock, { run });
  return {
    append(event) {
      const written = audit.append(event);
      memory.push(written);
      return written;
    },
    events: memory,
    close: () => audit.close(),
  };
}
