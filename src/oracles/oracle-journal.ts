/**
 * The oracle journal: `oracle-journal.jsonl` in the state folder, one line per molecule result as it
 * arrives (`{ i, id, g, value, class, attempt, seconds }`), appended and fsynced per chunk, so that a
 * docking finished before a kill is never run again.
 *
 * - A molecule whose journaled result is `ok` (a value, or the program's own "no score") is final: a
 *   resumed or retried stage takes it from here instead of calling the oracle. A failure (`timeout`,
 *   `crash`, `error`...) is journaled too, for the record, and is tried again by the next run of the
 *   stage: the user may have fixed the cause, which is what `--resume` is for.
 * - Appends are one `write` of whole lines on an O_APPEND descriptor, then an `fsync` in libuv's pool
 *   (the journal is durable before the chunk counts as done; the stage awaits it).
 * - Reading tolerates a torn last line (a write cut short by a kill or a power loss: skipped with a
 *   warning, and ended with a newline before the next append) and names other unreadable lines.
 *   An entry whose id is not the pool's id at that index is ignored with a warning.
 */
import { checkWrite } from '../shared/write-faults.js';
import { closeSync, existsSync, fstatSync, fsync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { writeFailed } from '../shared/errors.js';
import { TASK_CLASSES, type TaskClass } from '../shared/vocabulary.js';
import type { StringColumn } from '../shared/smiles-store.js';

export interface JournalEntry {
  /** Pool index. */
  readonly index: number;
  /** The pool's id of that molecule (a check that the journal belongs to this pool). */
  readonly id: string;
  readonly generation: number;
  readonly value: number | null;
  readonly class: TaskClass;
  readonly attempt: number;
  readonly seconds: number;
}

export interface OracleJournal {
  readonly path: string;
  /** The final result of pool index `index` (class `ok`), if journaled. */
  final(index: number): JournalEntry | undefined;
  /** Appends the entries and makes them durable (fsync). Throws `WRITE_FAILED` when the disk refuses. */
  append(entries: readonly JournalEntry[]): Promise<void>;
  close(): void;
}

interface JournalLine {
  readonly i: number;
  readonly id: string;
  readonly g: number;
  readonly value: number | null;
  readonly class: TaskClass;
  readonly attempt: number;
  readonly seconds: number;
}

function isJournalLine(v: unknown): v is JournalLine {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    Number.isInteger(o.i) &&
    (o.i as number) >= 0 &&
    typeof o.id === 'string' &&
    Number.isInteger(o.g) &&
    (o.value === null || (typeof o.value === 'number' && Number.isFinite(o.value))) &&
    (TASK_CLASSES as readonly unknown[]).includes(o.class) &&
    Number.isInteger(o.attempt) &&
    typeof o.seconds === 'number'
  );
}

const toLine = (e: JournalEntry): string =>
  `${JSON.stringify({ i: e.index, id: e.id, g: e.generation, value: e.value, class: e.class, attempt: e.attempt, seconds: Math.round(e.seconds * 1e6) / 1e6 })}\n`;

/** Every journaled entry in file order; unreadable lines are reported through `warn`. */
export function readJournal(path: string, warn: (message: string) => void = () => undefined): JournalEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const out: JournalEntry[] = [];
  const bad: number[] = [];
  lines.forEach((line, n) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    if (isJournalLine(v)) {
      out.push({
        index: v.i,
        id: v.id,
        generation: v.g,
        value: v.value,
        class: v.class,
        attempt: v.attempt,
        seconds: v.seconds,
      });
    } else if (n === lines.length - 1) {
      warn(
        `warning: ${path}: skipped a torn last line (line ${n + 1}) left by an interrupted write; that molecule is labeled again`,
      );
    } else {
      bad.push(n + 1);
    }
  });
  if (bad.length > 0) warn(`warning: ${path}: skipped ${bad.length} unreadable line(s) (first: line ${bad[0]})`);
  return out;
}

/** Opens (or creates on first append) the journal of a pool whose ids are `ids`. */
export function openOracleJournal(
  path: string,
  ids: StringColumn,
  warn: (message: string) => void = () => undefined,
): OracleJournal {
  const finals = new Map<number, JournalEntry>();
  let mismatched = 0;
  for (const e of readJournal(path, warn)) {
    if ((ids.at(e.index) ?? '') !== e.id) mismatched += 1;
    else if (e.class === 'ok') finals.set(e.index, e);
  }
  if (mismatched > 0) {
    warn(`warning: ${path}: ${mismatched} entries name ids that are not the pool's at their index; ignored`);
  }
  let fd: number | null = null;
  let tail: Promise<void> = Promise.resolve();

  const openFd = (): number => {
    const f = openSync(path, 'a+');
    const size = fstatSync(f).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(f, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeAll(f, Buffer.from('\n'));
    }
    return f;
  };
  const write = async (entries: readonly JournalEntry[]) => {
    try {
      checkWrite(path);
      fd ??= openFd();
      writeAll(fd, Buffer.from(entries.map(toLine).join(''), 'utf8'));
      const f = fd;
      await new Promise<void>((resolve, reject) => fsync(f, (err) => (err ? reject(err) : resolve())));
    } catch (error) {
      throw writeFailed(path, error);
    }
    for (const e of entries) if (e.class === 'ok') finals.set(e.index, e);
  };
  return {
    path,
    final: (index) => finals.get(index),
    append(entries) {
      if (entries.length === 0) return tail;
      const next = tail.then(() => write(entries));
      // One append after another, each after the previous one's fsync; a failure is the caller's, not the next one's.
      tail = next.catch(() => undefined);
      return next;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

function writeAll(fd: number, bytes: Buffer): void {
  let off = writeSync(fd, bytes, 0, bytes.length);
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}
