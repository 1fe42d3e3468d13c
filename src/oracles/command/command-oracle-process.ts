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
import { systemClock, type Clock } from '../../shared/clock.js';
import { classifyExit } from './command-oracle-classify.js';
import { resolveLaunch } from './command-launch.js';
import { DEFAULT_OUTPUT_COLUMNS, parseScoresCsv } from './command-oracle-protocol.js';
import type { CommandResultClass, CommandRow } from './command-oracle-protocol.js';
import { runProcess } from './command-process.js';
import { validateSpec, type CommandSpec } from './command-spec.js';

export { EXIT_GRACE_MS, STDERR_TAIL_BYTES, stdoutLimit } from './command-process.js';
export type { CommandSpec } from './command-spec.js';

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

/** Runs one attempt. Never throws for a program failure (it classifies); throws only for a malformed spec. */
export async function runCommandBatch(
  spec: CommandSpec,
  rows: readonly CommandRow[],
  signal?: AbortSignal,
  clock: Clock = systemClock,
): Promise<CommandBatchResult> {
  validateSpec(spec);
  const t0 = clock.monotonic();
  const failAll = (cls: CommandResultClass, message: string): CommandBatchResult => ({
    class: cls,
    values: rows.map(() => null),
    exitCode: null,
    signal: null,
    ms: clock.monotonic() - t0,
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
  const run = await runProcess(launch, spec, rows, signal, clock);
  const { facts, stdout } = run;
  const verdict = classifyExit({ ...facts, memoryMb: launch.cappedMb });
  const note = launch.note === '' ? '' : ` (${launch.note})`;
  const base = {
    exitCode: facts.exitCode,
    signal: facts.signal,
    ms: clock.monotonic() - t0,
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
