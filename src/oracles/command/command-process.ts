/**
 * One run of the program as a process (the rules are in command-oracle-process.ts): spawned without a
 * shell in its own process group, its input streamed in, its output collected under caps, the whole
 * group killed on timeout, abort, overflow or after the leader exited, and watched (group-watchdog.ts)
 * so that it dies with Alcove too. Resolves with what happened; never rejects.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock, TimerHandle } from '../../shared/clock.js';
import { createOomScanner, createTailBuffer, lastLine } from './command-oracle-classify.js';
import type { ExitFacts, OomScanner, TailBuffer } from './command-oracle-classify.js';
import type { Launch } from './command-launch.js';
import { inputCsvChunks } from './command-oracle-protocol.js';
import type { CommandRow } from './command-oracle-protocol.js';
import type { CommandSpec } from './command-spec.js';
import { groupWatchdog } from './group-watchdog.js';

export const STDERR_TAIL_BYTES = 4096;
/** After the program exited, how long to wait for pipes still held by an escaped grandchild. */
export const EXIT_GRACE_MS = 1000;

export function stdoutLimit(rows: number): number {
  return 1024 * 1024 + 4096 * rows;
}

export type ProcessFacts = Omit<ExitFacts, 'memoryMb'>;

export interface ProcessRun {
  readonly facts: ProcessFacts;
  readonly stdout: Buffer;
  readonly stderrTail: string;
}

/** What was seen of the process so far; the handlers set it, `factsOf` reads it. */
interface ProcessWatch {
  spawnError: string | null;
  timedOut: boolean;
  interrupted: boolean;
  overflowedAt: number | null;
  exit: { code: number | null; signal: string | null } | null;
}

/** The program's output so far: stdout up to its cap, the tail of stderr, out-of-memory text. */
interface ProcessOutput {
  readonly stdoutChunks: Buffer[];
  readonly limit: number;
  readonly tail: TailBuffer;
  readonly oom: OomScanner;
}

/** What `watchProcess` needs besides the child: the spec, the input, the signal and the clock. */
interface ProcessRunContext {
  readonly spec: CommandSpec;
  readonly rows: readonly CommandRow[];
  readonly signal: AbortSignal | undefined;
  readonly clock: Clock;
  readonly watch: ProcessWatch;
  readonly output: ProcessOutput;
  readonly resolve: (run: ProcessRun) => void;
}

export function runProcess(
  launch: Launch,
  spec: CommandSpec,
  rows: readonly CommandRow[],
  signal: AbortSignal | undefined,
  clock: Clock,
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const output: ProcessOutput = {
      stdoutChunks: [],
      limit: stdoutLimit(rows.length),
      tail: createTailBuffer(STDERR_TAIL_BYTES),
      oom: createOomScanner(),
    };
    const watch: ProcessWatch = {
      spawnError: null,
      timedOut: false,
      interrupted: false,
      overflowedAt: null,
      exit: null,
    };
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
      watch.spawnError = err instanceof Error ? err.message : String(err);
      resolve({ facts: factsOf(watch, spec, output), stdout: Buffer.alloc(0), stderrTail: '' });
      return;
    }
    // Registered before anything else happens, so that a SIGKILL of Alcove from here on leaves no orphan.
    const pgid = child.pid;
    if (pgid !== undefined) groupWatchdog().watch(pgid);
    watchProcess(child, {
      spec,
      rows,
      signal,
      clock,
      watch,
      output,
      resolve: (run) => {
        if (pgid !== undefined) groupWatchdog().unwatch(pgid);
        resolve(run);
      },
    });
  });
}

function factsOf(watch: ProcessWatch, spec: CommandSpec, output: ProcessOutput): ProcessFacts {
  return {
    spawnError: watch.spawnError,
    interrupted: watch.interrupted,
    timedOut: watch.timedOut,
    timeoutMs: spec.timeoutMs,
    overflowedAt: watch.overflowedAt,
    exitCode: watch.exit?.code ?? null,
    signal: watch.exit?.signal ?? null,
    oomText: output.oom.found,
    lastStderrLine: lastLine(output.tail.text()),
  };
}

/** SIGKILL to the child's whole process group. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Follows a spawned child to its end: exit, close, timeout, abort; resolves once, with its output. */
function watchProcess(child: ChildProcess, run: ProcessRunContext): void {
  const { spec, signal, clock, watch, output } = run;
  let done = false;
  let grace: TimerHandle | undefined;
  const onAbort = () => {
    if (watch.exit !== null || watch.timedOut) return;
    watch.interrupted = true;
    killGroup(child);
  };
  const finish = () => {
    if (done) return;
    done = true;
    clock.clearTimeout(timer);
    clock.clearTimeout(grace);
    signal?.removeEventListener('abort', onAbort);
    child.stdin?.destroy();
    child.stdout?.destroy();
    child.stderr?.destroy();
    const stderrTail = output.tail.text();
    run.resolve({ facts: factsOf(watch, spec, output), stdout: Buffer.concat(output.stdoutChunks), stderrTail });
  };

  child.on('error', (err) => {
    // Emitted when the program cannot be started (no pid), or when a kill fails (ignored: we use process.kill).
    if (child.pid !== undefined) return;
    watch.spawnError = err.message;
    finish();
  });
  child.on('exit', (code, sig) => {
    watch.exit = { code, signal: sig };
    clock.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    killGroup(child);
    grace = clock.setTimeout(finish, EXIT_GRACE_MS);
  });
  child.on('close', finish);
  streamProcess(child, run);

  // Declared last, read by the handlers above: they run on later ticks, never before this line.
  const timer = clock.setTimeout(() => {
    if (watch.exit !== null || watch.interrupted) return;
    watch.timedOut = true;
    killGroup(child);
  }, spec.timeoutMs);
  signal?.addEventListener('abort', onAbort, { once: true });
}

/** Drains stdout (up to its cap: beyond it the group is killed) and stderr, and writes the input rows. */
function streamProcess(child: ChildProcess, { rows, watch, output }: ProcessRunContext): void {
  let stdoutBytes = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (watch.overflowedAt !== null) return;
    stdoutBytes += chunk.length;
    if (stdoutBytes > output.limit) {
      watch.overflowedAt = output.limit;
      killGroup(child);
      return;
    }
    output.stdoutChunks.push(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.tail.push(chunk);
    output.oom.push(chunk);
  });
  if (child.stdin !== null) {
    // EPIPE / ERR_STREAM_DESTROYED when the program does not read its input: the exit status decides.
    pipeline(Readable.from(inputCsvChunks(rows)), child.stdin).catch(() => undefined);
  }
}
