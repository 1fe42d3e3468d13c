/**
 * The audit trail: `state/audit.jsonl`, append-only, one JSON object per line.
 *
 * Writing: the file is opened with O_APPEND ('a') and each event is one `writeSync` of a whole line, so
 * lines from this process and from a concurrent `closeOpenAttempts` never interleave inside a line, and a
 * SIGKILL can only lose whole lines (a power loss can still tear the last one: readers skip it). The file is
 * fsynced on `run-end` and `close()`, not per line (measured on the 2-core dev box, 1,000 attempt-start
 * lines: 14-19 ms without fsync, 217-262 ms with one fsync per line, i.e. ~0.23 ms per fsync).
 *
 * Reading: `readAudit` skips lines that do not parse. Before appending to a file whose last line was torn,
 * a newline is written first so the fragment stays a line of its own and the next event is whole.
 */
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { StatusTaskRound } from '../dashboard/status-input.js';
import type { TaskClass } from '../shared/vocabulary.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import type { EnvironmentInfo } from './environment-info.js';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** How an attempt ended. Same union as the dashboard's `TaskClass`. */
export type AttemptClass = TaskClass;
export type RunEndStatus = 'done' | 'failed' | 'interrupted';

interface AuditBase {
  /** ISO time from the injected clock. */
  readonly at: string;
  /** One id per process run: `<startedAt ISO>-<pid>`. */
  readonly run: string;
}

export interface RunStartEvent extends AuditBase {
  readonly type: 'run-start';
  readonly resume: boolean;
  readonly stateDir: string;
  readonly configFile: string | null;
  /** The validated config as plain JSON. */
  readonly config: JsonValue;
  readonly configSha256: string;
  readonly seed: number;
  readonly datasetSha256: string | null;
  readonly environment: EnvironmentInfo;
}
export interface TransitionEvent extends AuditBase {
  readonly type: 'transition';
  readonly from: string | null;
  readonly to: string;
  readonly generation: number;
}
export interface AttemptStart extends AuditBase {
  readonly type: 'attempt-start';
  /** `<run>/<stage>/<n>`, unique in the file. */
  readonly id: string;
  /** The logical task, stable across attempts and runs (e.g. `g3/train/trees-0-50`); attempts of one key form a chain. */
  readonly key: string;
  readonly stage: string;
  /** The task kind (`featurize`, `train`, `predict`, `desirability`, `oracle`…). */
  readonly task: string;
  readonly generation: number;
  /** 1 for the first try of `key`. */
  readonly attempt: number;
  /** Plain JSON: batch size, trees, timeout_ms… */
  readonly params: JsonObject;
}
export interface AttemptEnd extends AuditBase {
  readonly type: 'attempt-end';
  readonly id: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly class: AttemptClass;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** Peak memory of the attempt (bytes) where known. */
  readonly peakMemoryBytes: number | null;
}
export interface AttemptClosed extends AuditBase {
  readonly type: 'attempt-closed';
  readonly id: string;
  readonly startedAt: string;
  readonly class: 'interrupted';
  /** The run that left the attempt open. */
  readonly openedBy: string;
  readonly reason: string;
}
export interface RoundEvent extends AuditBase {
  readonly type: 'round';
  readonly generation: number;
  readonly labeled: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly seconds: Readonly<Record<string, number>>;
}
export interface NoticeEvent extends AuditBase {
  readonly type: 'notice';
  readonly message: string;
}
export interface RunEndEvent extends AuditBase {
  readonly type: 'run-end';
  readonly status: RunEndStatus;
  readonly exitCode: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

export type AuditEvent =
  RunStartEvent | TransitionEvent | AttemptStart | AttemptEnd | AttemptClosed | RoundEvent | NoticeEvent | RunEndEvent;
export type AuditEventType = AuditEvent['type'];
export const AUDIT_EVENT_TYPES = [
  'run-start',
  'transition',
  'attempt-start',
  'attempt-end',
  'attempt-closed',
  'round',
  'notice',
  'run-end',
] as const satisfies readonly AuditEventType[];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What callers pass to `append`: the log fills in `run` and `at` (an explicit `at` is kept). */
export type AuditEventInput = DistributiveOmit<AuditEvent, 'at' | 'run'> & { readonly at?: string };

export interface AuditLog {
  readonly path: string;
  readonly run: string;
  /** A fresh attempt id `<run>/<stage>/<n>` (n counts per stage within this run, from 1). */
  attemptId(stage: string): string;
  append(event: AuditEventInput): AuditEvent;
  /** fsync and close; idempotent. */
  close(): void;
  /** Attempts this log started that have no end yet. */
  openAttempts(): AttemptStart[];
}

export function createRunId(clock: Clock, pid: number = process.pid): string {
  return `${new Date(clock.now()).toISOString()}-${pid}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isAuditEvent(value: unknown): value is AuditEvent {
  return (
    isRecord(value) &&
    typeof value.at === 'string' &&
    typeof value.run === 'string' &&
    (AUDIT_EVENT_TYPES as readonly unknown[]).includes(value.type) &&
    (!String(value.type).startsWith('attempt-') || typeof value.id === 'string')
  );
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
  let fd: number | null = openForAppend(path);
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
      writeLine(fd, `${JSON.stringify(event)}\n`);
      if (event.type === 'attempt-start') open.set(event.id, event);
      else if (event.type === 'attempt-end' || event.type === 'attempt-closed') open.delete(event.id);
      else if (event.type === 'run-end') sync();
      return event;
    },
    close() {
      if (fd === null) return;
      try {
        sync();
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
      `audit.jsonl: skipped a torn last line (line ${tornTail.line}, ${tornTail.bytes} bytes) left by an interrupted write`,
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

/**
 * Task attempts per generation and stage, as the dashboard shows them. Attempts of one `key` form a chain
 * (tries 1..n, possibly across runs); a chain ends at its first `ok`, and a later attempt of the same key
 * starts a new chain. A chain that succeeded at once counts as `ok`, after retries as `retried`; one that
 * never succeeded counts under the class of its last attempt. A chain whose newest attempt is still open is
 * not counted yet. Generations ascending.
 */
export function summarizeAttempts(events: readonly AuditEvent[]): StatusTaskRound[] {
  interface Chain {
    generation: number;
    stage: string;
    tries: number;
    last: AttemptClass | null;
  }
  const chains: Chain[] = [];
  const currentChain = new Map<string, Chain>();
  const chainOfAttempt = new Map<string, Chain>();
  for (const e of events) {
    if (e.type === 'attempt-start') {
      let chain = currentChain.get(e.key);
      if (chain === undefined || chain.last === 'ok') {
        chain = { generation: e.generation, stage: e.stage, tries: 0, last: null };
        chains.push(chain);
        currentChain.set(e.key, chain);
      }
      chain.tries += 1;
      chain.last = null;
      chainOfAttempt.set(e.id, chain);
    } else if (e.type === 'attempt-end' || e.type === 'attempt-closed') {
      const chain = chainOfAttempt.get(e.id);
      if (chain === undefined) continue;
      chain.last = e.class;
      chainOfAttempt.delete(e.id);
    }
  }
  type Cell = { ok: number; retried: number; failed: Partial<Record<AttemptClass, number>> };
  const byGeneration = new Map<number, Record<string, Cell>>();
  for (const c of chains) {
    if (c.last === null) continue;
    let stages = byGeneration.get(c.generation);
    if (stages === undefined) {
      stages = {};
      byGeneration.set(c.generation, stages);
    }
    const cell = (stages[c.stage] ??= { ok: 0, retried: 0, failed: {} });
    if (c.last === 'ok') {
      if (c.tries === 1) cell.ok += 1;
      else cell.retried += 1;
    } else {
      cell.failed[c.last] = (cell.failed[c.last] ?? 0) + 1;
    }
  }
  return [...byGeneration.entries()].sort(([a], [b]) => a - b).map(([generation, stages]) => ({ generation, stages }));
}
