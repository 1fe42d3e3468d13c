/** What program a command oracle runs and under which limits, and the check of a spec. */
import { AlcoveError } from '../../shared/errors.js';
import type { OutputColumns } from './command-oracle-protocol.js';

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

/** Node's timer limit (the system clock's timers are Node's); longer timeouts would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Throws for a malformed spec (a bug in the caller, not a program failure). */
export function validateSpec(spec: CommandSpec): void {
  const bad = (why: string) => new AlcoveError('INTERNAL', `runCommandBatch: ${why}`);
  if (spec.argv.length === 0 || spec.argv[0] === '') throw bad('argv must name a program');
  if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0 || spec.timeoutMs > MAX_TIMEOUT_MS) {
    throw bad(`timeoutMs must be in (0, ${MAX_TIMEOUT_MS}], got ${spec.timeoutMs}`);
  }
  if (spec.memoryMb !== null && !(Number.isFinite(spec.memoryMb) && spec.memoryMb > 0)) {
    throw bad(`memoryMb must be a positive number or null, got ${spec.memoryMb}`);
  }
}
