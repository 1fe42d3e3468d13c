/**
 * Runs one batch through an external program, the way docking or a lab's own scripts are run, and classifies
 * how the attempt ended (the table is in command-oracle-classify.ts; the wire format in
 * command-oracle-protocol.ts).
 *
 * - Never a shell: `spawn(file, args, { shell: false })`, so SMILES and ids are bytes on stdin, never code.
 * - Own process group (`detached: true` makes the child a session and group leader). On timeout or abort the
 *   whole group gets SIGKILL (`process.kill(-pid)`), so grandchildren die with it; after a normal exit the
 *   group is killed too, so that nothing the program left running in the background outlives the attempt.
 *   The kill happens right after Node reaped the leader; the group id could only be reused in between if the
 *   kernel cycled through every pid in that instant. A grandchild that left the group on purpose (setsid)
 *   escapes; then we stop waiting for the pipes it holds `EXIT_GRACE_MS` after the leader exited.
 * - Memory cap: `prlimit --data=<bytes> --core=0 -- argv...` (util-linux; prlimit execs the program, so the
 *   pid, group and signals are the program's own). RLIMIT_DATA rather than RLIMIT_AS (--as), measured: Node 20
 *   cannot even start under --as of 200 or 500 MB (SIGTRAP, "Fatal process OOM in Failed to reserve virtual
 *   memory for CodeRange"), because V8, WebAssembly, the JVM and Go reserve far more address space than they
 *   use. RLIMIT_DATA (Linux >= 4.7) counts the private writable memory a program actually maps (heap,
 *   anonymous mmap, WebAssembly memory as it is committed): the RDKit example runs under 200 MB (RSS 135 MB)
 *   and an allocation loop dies within a second. It is not RSS (cgroups would be, but need privileges a
 *   campaign does not have). `--core=0`: an aborted, capped program leaves no core file behind. No prlimit
 *   on PATH: the program runs uncapped and `message` says so.
 * - Streams both ways at once: stdin is written with backpressure while stdout and stderr are drained, so a
 *   large batch cannot deadlock on full pipes; EPIPE (a program that exits without reading) is ignored: the
 *   exit status and output decide. stderr keeps its last 4 KB (and is scanned whole for out-of-memory text);
 *   stdout is capped at 1 MB + 4 KB per row (the program is killed and the attempt is an `error` beyond it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AlcoveError } from '../../shared/errors.js';
import { classifyExit, createOomScanner, createTailBuffer, lastLine } from './command-oracle-classify.js';
import type { ExitFacts } from './command-oracle-classify.js';
import { DEFAULT_OUTPUT_COLUMNS, inputCsvChunks, parseScoresCsv } from './command-oracle-protocol.js';
import type { CommandResultClass, CommandRow, OutputColumns } from './command-oracle-protocol.js';

export interface CommandSpec {
  /** Program and arguments; argv[0] is looked up on PATH unless it names a path. */
  readonly argv: readonly string[];
  readonly timeoutMs: number;
  /** Cap on the program's data memory (MiB); null: none. */
  readonly memoryMb: number | null;
  readonly cwd?: string;
  /** The program's environment (default `process.env`); its PATH is also where `prlimit` is looked for. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The output's id and score columns; default `id`, `score`. */
  readonly columns?: OutputColumns;
}

export interface CommandBatchResult {
  readonly class: CommandResultClass;
  /** Aligned with the rows; null where the row got no parsable score (all null unless `ok`). */
  readonly values: (number | null)[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly ms: number;
  readonly message: string;
  /** The last 4 KB of stderr. */
  readonly stderrTail: string;
  readonly failedRows: number;
}

export const STDERR_TAIL_BYTES = 4096;
/** After the program exited, how long to wait for pipes still held by an escaped grandchild. */
export const EXIT_GRACE_MS = 1000;
/** setTimeout's limit; longer timeouts would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export function stdoutLimit(rows: number): number {
  return 1024 * 1024 + 4096 * rows;
}

/** Runs one attempt. Never throws for a program failure (it classifies); throws only for a malformed spec. */
export async function runCommandBatch(
  spec: CommandSpec,
  rows: readonly CommandRow[],
  signal?: AbortSignal,
): Promise<CommandBatchResult> {
  validateSpec(spec);
  const t0 = performance.now();
  const failAll = (cls: CommandResultClass, message: string): CommandBatchResult => ({
    class: cls,
    values: rows.map(() => null),
    exitCode: null,
    signal: null,
    ms: performance.now() - t0,
    message,
    stderrTail: '',
    failedRows: rows.length,
  });
  if (signal?.aborted) return failAll('interrupted', 'interrupted before the program was started');
  if (rows.length === 0) return { ...failAll('ok', 'empty batch: nothing to run'), values: [] };
  const ids = rows.map((r) => r.id);
  const duplicate = firstDuplicate(ids);
  if (duplicate !== null) {
    return failAll('bad_input', `the batch holds id ${JSON.stringify(duplicate)} twice; answers are matched by id`);
  }

  const launch = resolveLaunch(spec);
  const run = await runProcess(launch, spec, rows, signal);
  const { facts, stdout } = run;
  const verdict = classifyExit({ ...facts, memoryMb: launch.cappedMb });
  const note = launch.note === '' ? '' : ` (${launch.note})`;
  const base = {
    exitCode: facts.exitCode,
    signal: facts.signal,
    ms: performance.now() - t0,
    stderrTail: run.stderrTail,
  };
  if (verdict.class !== null) {
    return {
      ...base,
      class: verdict.class,
      values: rows.map(() => null),
      message: verdict.message + note,
      failedRows: rows.length,
    };
  }
  const parsed = parseScoresCsv(stdout, ids, spec.columns ?? DEFAULT_OUTPUT_COLUMNS);
  if (!parsed.ok) {
    return {
      ...base,
      class: 'error',
      values: rows.map(() => null),
      message: `exited with code 0, but ${parsed.message}${note}`,
      failedRows: rows.length,
    };
  }
  const failedRows = parsed.values.filter((v) => v === null).length;
  const details = [
    failedRows > 0 ? `${failedRows} without a usable score` : '',
    parsed.unparsable > 0 ? `${parsed.unparsable} empty or non-numeric scores` : '',
    parsed.conflicting > 0 ? `${parsed.conflicting} ids answered twice with different scores` : '',
    parsed.unknownIds > 0 ? `${parsed.unknownIds} rows with ids not asked for (ignored)` : '',
  ].filter((d) => d !== '');
  const message = `${rows.length - failedRows}/${rows.length} scored${details.length > 0 ? `; ${details.join(', ')}` : ''}${note}`;
  return { ...base, class: 'ok', values: parsed.values, message, failedRows };
}

function firstDuplicate(ids: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

function validateSpec(spec: CommandSpec): void {
  const bad = (why: string) => new AlcoveError('INTERNAL', `runCommandBatch: ${why}`);
  if (spec.argv.length === 0 || spec.argv[0] === '') throw bad('argv must name a program');
  if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0 || spec.timeoutMs > MAX_TIMEOUT_MS) {
    throw bad(`timeoutMs must be in (0, ${MAX_TIMEOUT_MS}], got ${spec.timeoutMs}`);
  }
  if (spec.memoryMb !== null && !(Number.isFinite(spec.memoryMb) && spec.memoryMb > 0)) {
    throw bad(`memoryMb must be a positive number or null, got ${spec.memoryMb}`);
  }
}

interface Launch {
  readonly file: string;
  readonly args: readonly string[];
  /** The cap actually applied (null when none was asked for or prlimit is missing). */
  readonly cappedMb: number | null;
  readonly note: string;
}

function resolveLaunch(spec: CommandSpec): Launch {
  const [file = '', ...args] = spec.argv;
  if (spec.memoryMb === null) return { file, args, cappedMb: null, note: '' };
  const prlimit = findOnPath('prlimit', (spec.env ?? process.env).PATH ?? '');
  if (prlimit === null) {
    return {
      file,
      args,
      cappedMb: null,
      note: `prlimit not found on PATH: ran without the ${spec.memoryMb} MB memory cap`,
    };
  }
  const bytes = Math.floor(spec.memoryMb * 1024 * 1024);
  return {
    file: prlimit,
    args: [`--data=${bytes}`, '--core=0', '--', ...spec.argv],
    cappedMb: spec.memoryMb,
    note: '',
  };
}

function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

type ProcessFacts = Omit<ExitFacts, 'memoryMb'>;

function runProcess(
  launch: Launch,
  spec: CommandSpec,
  rows: readonly CommandRow[],
  signal: AbortSignal | undefined,
): Promise<{ facts: ProcessFacts; stdout: Buffer; stderrTail: string }> {
  return new Promise((resolve) => {
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    const limit = stdoutLimit(rows.length);
    const tail = createTailBuffer(STDERR_TAIL_BYTES);
    const oom = createOomScanner();
    let spawnError: string | null = null;
    let timedOut = false;
    let interrupted = false;
    let overflowedAt: number | null = null;
    let exit: { code: number | null; signal: string | null } | null = null;
    let done = false;
    // Read by the exit handlers set up before the timer is started (so not a const).
    // eslint-disable-next-line prefer-const
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;

    let child: ChildProcess;
    try {
      child = spawn(launch.file, launch.args, {
        cwd: spec.cwd,
        env: spec.env ?? process.env,
        shell: false,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      // Synchronous refusals: a NUL byte in an argument, a malformed cwd.
      spawnError = err instanceof Error ? err.message : String(err);
      resolve({ facts: factsNow(), stdout: Buffer.alloc(0), stderrTail: '' });
      return;
    }

    function factsNow(): ProcessFacts {
      return {
        spawnError,
        interrupted,
        timedOut,
        timeoutMs: spec.timeoutMs,
        overflowedAt,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        oomText: oom.found,
        lastStderrLine: lastLine(tail.text()),
      };
    }

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const onAbort = () => {
      if (exit !== null || timedOut) return;
      interrupted = true;
      killGroup();
    };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
      const stderrTail = tail.text();
      resolve({ facts: factsNow(), stdout: Buffer.concat(stdoutChunks), stderrTail });
    };

    child.on('error', (err) => {
      // Emitted when the program cannot be started (no pid), or when a kill fails (ignored: we use process.kill).
      if (child.pid !== undefined) return;
      spawnError = err.message;
      finish();
    });
    child.on('exit', (code, sig) => {
      exit = { code, signal: sig };
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      killGroup();
      grace = setTimeout(finish, EXIT_GRACE_MS);
    });
    child.on('close', finish);

    child.stdout?.on('data', (chunk: Buffer) => {
      if (overflowedAt !== null) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > limit) {
        overflowedAt = limit;
        killGroup();
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      oom.push(chunk);
    });
    if (child.stdin !== null) {
      // EPIPE / ERR_STREAM_DESTROYED when the program does not read its input: the exit status decides.
      pipeline(Readable.from(inputCsvChunks(rows)), child.stdin).catch(() => undefined);
    }

    timer = setTimeout(() => {
      if (exit !== null || interrupted) return;
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
