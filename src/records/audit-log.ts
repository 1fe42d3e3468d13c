/**
 * The audit trail: `state/audit.jsonl`, append-only, one JSON object per line.
 *
 * Writing: the file is opened with O_APPEND ('a') and each event is one `writeSync` of a whole line, so
 * lines from this process and from a concurrent `closeOpenAttempts` never interleave inside a line, and a
 * SIGKILL can only lose whole lines (a power loss can still tear the last one: readers skip it). The file is
 * fsynced on `run-end` and `close()`, not per line: an fsync per line would cost more than the writes
 * themselves, many times over (see bench/README.md).
 *
 * Reading: `readAudit` skips lines that do not parse. Before appending to a file whose last line was torn,
 * a newline is written first so the fragment stays a line of its own and the next event is whole.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { Clock } from '../shared/clock.js';
import { AlcoveError, writeFailed } from '../shared/errors.js';
import { checkWrite } from '../shared/write-faults.js';
import {
  isAuditEvent,
  type AttemptStart,
  type AuditEvent,
  type AuditEventInput,
  type RunStartEvent,
} from './audit-events.js';

/** The event types that callers of the log build and read. */
export type { AuditEvent, AuditEventInput, JsonValue } from './audit-events.js';

export interface AuditLog {
  readonly path: string;
  readonly run: string;
  /** A fresh attempt id `<run>/<stage>/<n>` (n counts per stage within this run, from 1). */
  attemptId(stage: string): string;
  /** Appends one line; a write the disk refuses throws `WRITE_FAILED` naming the file. */
  append(event: AuditEventInput): AuditEvent;
  /** fsync and close; idempotent. */
  close(): void;
  /** Attempts this log started that have no end yet. */
  openAttempts(): AttemptStart[];
}

export function createRunId(clock: Clock, pid: number = process.pid): string {
  return `${new Date(clock.now()).toISOString()}-${pid}`;
}

/** Append `text` (a whole line) in as few writes as the kernel allows: one, for a regular file. */
function writeLine(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let off = writeSync(fd, bytes, 0, bytes.length);
  // A short write on a regular file only happens when the disk is full; finish the line rather than tear it.
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Open `path` for appending; if its last byte is not a newline (a torn line), end that line first. */
function openForAppend(path: string): number {
  const fd = openSync(path, 'a+');
  const size = fstatSync(fd).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeLine(fd, '\n');
  }
  return fd;
}

export function createAuditLog(path: string, clock: Clock, options: { run?: string; pid?: number } = {}): AuditLog {
  const run = options.run ?? createRunId(clock, options.pid);
  let fd: number | null;
  try {
    fd = openForAppend(path);
  } catch (error) {
    throw writeFailed(path, error);
  }
  const open = new Map<string, AttemptStart>();
  const counters = new Map<string, number>();

  const sync = () => {
    if (fd !== null) fsyncSync(fd);
  };
  return {
    path,
    run,
    attemptId(stage) {
      const n = (counters.get(stage) ?? 0) + 1;
      counters.set(stage, n);
      return `${run}/${stage}/${n}`;
    },
    append(input) {
      if (fd === null) throw new AlcoveError('INTERNAL', `audit log ${path} is closed (event '${input.type}')`);
      const { at, ...rest } = input;
      // `type`, `at` and `run` first, then the event's own fields: easier to read with `tail` and `jq`.
      const head = { type: input.type, at: at ?? new Date(clock.now()).toISOString(), run };
      const event = { ...head, ...rest, run } as AuditEvent;
      try {
        checkWrite(path);
        writeLine(fd, `${JSON.stringify(event)}\n`);
        if (event.type === 'run-end') sync();
      } catch (error) {
        throw writeFailed(path, error);
      }
      if (event.type === 'attempt-start') open.set(event.id, event);
      else if (event.type === 'attempt-end' || event.type === 'attempt-closed') open.delete(event.id);
      return event;
    },
    close() {
      if (fd === null) return;
      try {
        sync();
      } catch (error) {
        throw writeFailed(path, error);
      } finally {
        closeSync(fd);
        fd = null;
      }
    },
    openAttempts: () => [...open.values()],
  };
}

export interface AuditRead {
  readonly events: AuditEvent[];
  /** 1-based numbers of lines that were skipped (not JSON, or not an audit event). */
  readonly skippedLines: number[];
  /** The file ends in a fragment without a newline that does not parse: a write cut short. */
  readonly tornTail: { readonly line: number; readonly bytes: number } | null;
}

/** Parse an audit file; a missing file reads as empty. */
export function readAudit(path: string): AuditRead {
  if (!existsSync(path)) return { events: [], skippedLines: [], tornTail: null };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const events: AuditEvent[] = [];
  const skippedLines: number[] = [];
  let tornTail: AuditRead['tornTail'] = null;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isAuditEvent(value)) {
      events.push(value);
      return;
    }
    skippedLines.push(i + 1);
    if (i === lines.length - 1) tornTail = { line: i + 1, bytes: Buffer.byteLength(line) };
  });
  return { events, skippedLines, tornTail };
}

/**
 * On `--resume`: close every attempt that a killed run left open, as `interrupted`, so nothing stays
 * marked running. A torn last line is skipped and reported in a `notice`, and so is a previous run that
 * has no `run-end`. Returns how many attempts were closed.
 */
export function closeOpenAttempts(path: string, clock: Clock, run: string): number {
  if (!existsSync(path)) return 0;
  const { events, tornTail } = readAudit(path);
  const open = new Map<string, AttemptStart>();
  const started = new Map<string, RunStartEvent>();
  for (const e of events) {
    // Attempts of `run` itself are live, not left over.
    if (e.type === 'attempt-start' && e.run !== run) open.set(e.id, e);
    else if (e.type === 'attempt-end' || e.type === 'attempt-closed') open.delete(e.id);
    else if (e.type === 'run-start') started.set(e.run, e);
    else if (e.type === 'run-end') started.delete(e.run);
  }
  started.delete(run);
  const notices: string[] = [];
  if (tornTail !== null) {
    notices.push(
      `audit.jsonl: skipped a torn last line (line ${tornTail.line}, ${tornTail.bytes} bytes) ` +
        'left by an interrupted write',
    );
  }
  for (const r of started.keys()) notices.push(`run ${r} ended without a run-end record (killed or crashed)`);
  if (open.size === 0 && notices.length === 0) return 0;

  const log = createAuditLog(path, clock, { run });
  try {
    for (const message of notices) log.append({ type: 'notice', message });
    for (const a of open.values()) {
      log.append({
        type: 'attempt-closed',
        id: a.id,
        startedAt: a.at,
        class: 'interrupted',
        openedBy: a.run,
        reason: 'the run ended without closing this attempt; it is re-run on resume',
      });
    }
  } finally {
    log.close();
  }
  return open.size;
}
