/**
 * The audit trail of one run, with every event of the state folder's trail kept in memory for the
 * status page: on resume, attempts a killed run left open are closed first, then the trail is read.
 *
 * The trail is the record of what ran, so a line the disk refuses (ENOSPC, EIO) ends the run like a
 * refused checkpoint: the first failure goes to `onWriteFailed` (the driver stops the machine there) and
 * later events are not written (a trail with a hole in the middle would read as complete). A resume finds
 * the run without its `run-end` and says so.
 */
import { existsSync } from 'node:fs';
import type { Clock } from '../shared/clock.js';
import type { AlcoveError } from '../shared/errors.js';
import { coerceError } from '../shared/errors.js';
import {
  closeOpenAttempts,
  createAuditLog,
  readAudit,
  type AuditEvent,
  type AuditEventInput,
  type AuditLog,
} from './audit-log.js';

export interface RunAudit {
  /** Appends to the trail and to `events`. */
  append: AuditLog['append'];
  /** Every event of the trail, this run's included: the status page's attempts. */
  readonly events: readonly AuditEvent[];
  /** The first write the disk refused (`WRITE_FAILED`), or null. */
  readonly failure: () => AlcoveError | null;
  /** fsync and close the trail; throws `WRITE_FAILED` when the trail could not be written. */
  close(): void;
}

export interface RunAuditOptions {
  readonly path: string;
  readonly clock: Clock;
  readonly run: string;
  readonly resume: boolean;
  readonly log: (line: string) => void;
  /** Told once, when the first line cannot be written. */
  readonly onWriteFailed?: (error: AlcoveError) => void;
}

export function openRunAudit(options: RunAuditOptions): RunAudit {
  const { path, clock, run, resume, log } = options;
  const memory: AuditEvent[] = [];
  let failure: AlcoveError | null = null;
  if (resume && existsSync(path)) {
    const closed = closeOpenAttempts(path, clock, run);
    if (closed > 0) log(`audit: ${closed} task attempt(s) left open by a killed run were closed as interrupted`);
  }
  if (existsSync(path)) memory.push(...readAudit(path).events);
  const audit = createAuditLog(path, clock, { run });
  return {
    append(event) {
      if (failure !== null) return unwritten(event, run, clock);
      try {
        const written = audit.append(event);
        memory.push(written);
        return written;
      } catch (error) {
        failure = coerceError(error);
        options.onWriteFailed?.(failure);
        return unwritten(event, run, clock);
      }
    },
    events: memory,
    failure: () => failure,
    close() {
      try {
        audit.close();
      } catch (error) {
        failure ??= coerceError(error);
      }
      if (failure !== null) throw failure;
    },
  };
}

/** The event an append would have written, for callers that read it back (it is not in the trail). */
function unwritten(input: AuditEventInput, run: string, clock: Clock): AuditEvent {
  return { ...input, at: input.at ?? new Date(clock.now()).toISOString(), run };
}
