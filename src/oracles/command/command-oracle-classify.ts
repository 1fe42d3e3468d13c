/**
 * How a command oracle attempt is classified, from what is known when the process is gone. First match wins
 * ("retried": a chunk of several molecules is split into single ones, a single one retried; see fan-out.ts):
 *
 * | what happened                                                        | class         | retried by the oracle |
 * | -------------------------------------------------------------------- | ------------- | --------------------- |
 * | duplicate ids in the batch (nothing is started)                       | `bad_input`   | no                    |
 * | the program could not be started (ENOENT, EACCES)                     | `error`       | no                    |
 * | the caller aborted (we killed the process group)                      | `interrupted` | no (rethrown)         |
 * | no exit within the timeout (we killed the process group)              | `timeout`     | yes (chunk split)     |
 * | more stdout than the cap (we killed the process group)                | `error`       | no                    |
 * | exit 0, stdout is CSV with the id and score columns                   | `ok`          | no (per-row nulls stay) |
 * | exit 0, stdout empty / not CSV / without those columns                | `error`       | no                    |
 * | non-zero exit or signal, and stderr has out-of-memory text (any cap)  | `oom`         | yes                   |
 * | memory cap set, death by SIGKILL/SIGSEGV/SIGABRT/SIGBUS/SIGTRAP       | `oom`         | yes                   |
 * | death by a signal (no cap, or another signal)                         | `crash`       | yes                   |
 * | non-zero exit                                                         | `error`       | no                    |
 *
 * "Death by signal S" also covers exit code 128+S for the fatal signals above (SIGILL, SIGFPE too), which is
 * how a shell wrapper (`run_docking.sh` around the real binary) reports a child that died: `exit 137` is a
 * SIGKILLed child. A program that itself exits 137 on purpose is rare enough.
 *
 * Why these OOM rules (measured on Node 20 / Linux 6.x): under a memory cap an allocation failure shows up in
 * several ways: V8 aborts (SIGABRT, "JavaScript heap out of memory"), or traps (SIGTRAP, "Fatal process OOM")
 * when it cannot reserve address space; C++ throws `std::bad_alloc` and `terminate` aborts; C code that does
 * not check malloc segfaults; Python raises MemoryError and exits 1; the kernel's OOM killer sends SIGKILL.
 * So with a cap, any of those deaths counts as `oom` (a genuine segfault under a cap is retried once as oom,
 * which costs one attempt); without a cap a signal is a `crash`. The out-of-memory text is the program saying
 * so itself, and counts with or without a cap (V8's own heap limit needs no cap). Output text on a clean
 * exit 0 is never looked at: the program answered.
 */
import type { CommandResultClass } from './command-oracle-protocol.js';

/** Signals that a memory cap typically causes (see the table). */
export const OOM_SIGNALS: ReadonlySet<string> = new Set(['SIGKILL', 'SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGTRAP']);

/** Fatal signals a wrapper reports as exit 128+N (Linux numbering). */
const WRAPPED_SIGNALS: ReadonlyMap<number, string> = new Map([
  [4, 'SIGILL'],
  [5, 'SIGTRAP'],
  [6, 'SIGABRT'],
  [7, 'SIGBUS'],
  [8, 'SIGFPE'],
  [9, 'SIGKILL'],
  [11, 'SIGSEGV'],
]);

/** Out-of-memory messages of common runtimes: V8/Node, glibc strerror(ENOMEM), Python, C++, Java, R. */
export const OOM_TEXT =
  /out of memory|cannot allocate memory|MemoryError|std::bad_alloc|Fatal process OOM|Array buffer allocation failed|OutOfMemoryError|cannot allocate vector/i;

export interface ExitFacts {
  /** Why the program could not be started, or null. */
  readonly spawnError: string | null;
  readonly interrupted: boolean;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
  /** Bytes of stdout at which the program was killed, or null. */
  readonly overflowedAt: number | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly memoryMb: number | null;
  /** The out-of-memory text found on stderr, or null. */
  readonly oomText: string | null;
  /** The last non-empty line of stderr ('' if none), quoted in messages. */
  readonly lastStderrLine: string;
}

export interface ExitClass {
  /** null: the program exited 0, so its stdout decides (`ok` or `error`). */
  readonly class: Exclude<CommandResultClass, 'ok' | 'bad_input'> | null;
  readonly message: string;
}

export function classifyExit(f: ExitFacts): ExitClass {
  if (f.spawnError !== null) return { class: 'error', message: `cannot start the program: ${f.spawnError}` };
  if (f.interrupted) return { class: 'interrupted', message: 'interrupted; the process group was killed' };
  if (f.timedOut) {
    return { class: 'timeout', message: `no answer within ${f.timeoutMs} ms; the process group was killed` };
  }
  if (f.overflowedAt !== null) {
    return { class: 'error', message: `more than ${f.overflowedAt} bytes on stdout; the process group was killed` };
  }
  if (f.exitCode === 0 && f.signal === null) return { class: null, message: 'exited with code 0' };

  const wrapped = f.signal === null && f.exitCode !== null ? (WRAPPED_SIGNALS.get(f.exitCode - 128) ?? null) : null;
  const death = f.signal ?? wrapped;
  const how =
    f.signal !== null
      ? `killed by ${f.signal}`
      : wrapped !== null
        ? `exited with code ${f.exitCode} (${wrapped} reported by a wrapper)`
        : `exited with code ${f.exitCode ?? 'unknown'}`;
  const said = f.lastStderrLine === '' ? '' : `; stderr: ${f.lastStderrLine}`;
  const cap = f.memoryMb === null ? 'no memory cap' : `memory cap ${f.memoryMb} MB`;
  if (f.oomText !== null)
    return { class: 'oom', message: `out of memory (${cap}): ${how}, stderr says "${f.oomText}"` };
  if (f.memoryMb !== null && death !== null && OOM_SIGNALS.has(death)) {
    return { class: 'oom', message: `out of memory (${cap}): ${how}${said}` };
  }
  if (death !== null) return { class: 'crash', message: `${how}${said}` };
  return { class: 'error', message: `${how}${said}` };
}

export interface OomScanner {
  push(chunk: Buffer): void;
  /** The out-of-memory text found, or null. */
  readonly found: string | null;
}

/**
 * Finds out-of-memory text in a stream read chunk by chunk, including text split across two chunks (the last
 * `overlap` characters of a chunk are kept). Decodes as latin1: the patterns are ASCII, and a multi-byte
 * character split between chunks cannot hide them.
 */
export function createOomScanner(overlap = 64): OomScanner {
  let carry = '';
  let found: string | null = null;
  return {
    push(chunk) {
      if (found !== null) return;
      const text = carry + chunk.toString('latin1');
      const m = OOM_TEXT.exec(text);
      if (m !== null) found = m[0];
      carry = text.slice(-overlap);
    },
    get found() {
      return found;
    },
  };
}

export interface TailBuffer {
  push(chunk: Buffer): void;
  /** The kept bytes as text. */
  text(): string;
}

/** Keeps the last `maxBytes` bytes of a stream. */
export function createTailBuffer(maxBytes: number): TailBuffer {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    push(chunk) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 2 * maxBytes) {
        const all = Buffer.concat(chunks).subarray(-maxBytes);
        chunks = [all];
        size = all.length;
      }
    },
    text() {
      const all = Buffer.concat(chunks);
      return all.subarray(Math.max(0, all.length - maxBytes)).toString('utf8');
    },
  };
}

/** The last non-empty line of a text, cut to `max` characters. */
export function lastLine(text: string, max = 200): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const last = lines.findLast((l) => l !== '') ?? '';
  return last.length > max ? `${last.slice(0, max)}...` : last;
}
