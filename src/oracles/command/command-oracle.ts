/**
 * External programs as oracles: `oracle: { kind: command, argv: [...], timeout_s, memory_mb, chunk, parallel }`.
 *
 * Each `label` call cuts the acquired molecules into chunks of `chunk` and runs up to `parallel` programs at
 * once (fan-out.ts); each run gets its chunk as CSV on stdin and answers with scores as CSV on stdout (see
 * command-oracle-protocol.ts), in its own process group, under a timeout of `timeoutMs` per molecule (a chunk's
 * limit is its size times that) and an optional memory cap (command-oracle-process.ts). Every attempt ends in
 * one class, by the table in command-oracle-classify.ts: `ok`, `oom`, `timeout`, `crash`, `bad_input`, `error`,
 * `interrupted`.
 *
 * Retries: a chunk that times out, crashes or runs out of memory is run again as single molecules, so only the
 * molecule at fault fails; a single molecule is retried while its attempt is at most `retries`. `error` and
 * `bad_input` are not retried (the program would fail the same way); `interrupted` makes the call throw
 * `AlcoveError('ABORTED')` once the chunks in flight have ended. A molecule the program answered without a
 * usable score (an invalid SMILES) is the program's answer and is not retried. Every attempt is reported
 * through `onAttemptStart` before its program is started, and its end through the function that returned.
 *
 * `truth()` is null: a command oracle cannot know the whole pool without being called on all of it.
 */
import type { CommandOracleConfig } from '../../config/campaign-schema.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { AlcoveError } from '../../shared/errors.js';
import { fanOut, type ResultSink } from '../fan-out.js';
import { runCommandBatch } from './command-oracle-process.js';
import type { CommandBatchResult, CommandSpec } from './command-oracle-process.js';
import type { CommandRow } from './command-oracle-protocol.js';
import type { StringColumn } from '../../shared/smiles-store.js';

export { runCommandBatch } from './command-oracle-process.js';
export type { CommandBatchResult, CommandSpec } from './command-oracle-process.js';
export type { CommandResultClass, CommandRow } from './command-oracle-protocol.js';

export interface CommandAttempt extends CommandBatchResult {
  /** 1-based: the how-many-th attempt for these molecules. */
  readonly attempt: number;
  /** Pool indices of the molecules in this attempt (aligned with `values`). */
  readonly indices: readonly number[];
}

/** An attempt about to start: its molecules, its number and its time limit. */
export interface CommandAttemptStart {
  readonly attempt: number;
  readonly indices: readonly number[];
  readonly timeoutMs: number;
}

export interface CommandOracleOptions {
  /** Called before each program is started; the function it returns is called with the attempt's end. */
  readonly onAttemptStart?: (start: CommandAttemptStart) => ((attempt: CommandAttempt) => void) | void;
  /** Called after each attempt (besides `onAttemptStart`'s own end callback). */
  readonly onAttempt?: (attempt: CommandAttempt) => void;
  /** Retries of a single molecule after `timeout`, `crash` and `oom`; default 1. */
  readonly retries?: number;
  /** Molecules per program run; default: the whole batch in one run. */
  readonly chunk?: number | null;
  /** Program runs at once; default 1. */
  readonly parallel?: number;
  /** Times each attempt and owns its timeout; default the system clock. */
  readonly clock?: Clock;
  /** Runs one attempt somewhere else (a SLURM array task, a BullMQ worker); default: here. */
  readonly runBatch?: BatchRunner;
}

/** Runs one attempt of the program on a chunk; never rejects for a program failure (it classifies). */
export type BatchRunner = (
  spec: CommandSpec,
  rows: readonly CommandRow[],
  signal: AbortSignal | undefined,
  at: { readonly items: readonly number[]; readonly attempt: number },
) => Promise<CommandBatchResult>;

/** What a label call may be given: the stage's abort signal, and where each chunk's results go. */
export interface CommandLabelContext {
  readonly signal?: AbortSignal;
  readonly onResults?: ResultSink;
}

/** Assignable to `Oracle` (it needs only the abort signal of the stage's execution context). */
export interface CommandOracle {
  readonly kind: 'command';
  label(indices: readonly number[], ctx?: CommandLabelContext): Promise<(number | null)[]>;
  truth(): Promise<null>;
}

export function createCommandOracle(
  spec: CommandSpec,
  dataset: { readonly smiles: StringColumn; readonly ids: StringColumn },
  opts: CommandOracleOptions = {},
): CommandOracle {
  const retries = opts.retries ?? 1;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new AlcoveError('INTERNAL', `createCommandOracle: retries must be an integer >= 0, got ${retries}`);
  }
  if (dataset.ids.length !== dataset.smiles.length) {
    throw new AlcoveError(
      'INTERNAL',
      `createCommandOracle: ${dataset.ids.length} ids for ${dataset.smiles.length} SMILES`,
    );
  }
  const rowOf = (i: number) => {
    const id = i >= 0 ? dataset.ids.at(i) : undefined;
    const smiles = i >= 0 ? dataset.smiles.at(i) : undefined;
    if (id === undefined || smiles === undefined) {
      throw new AlcoveError('INTERNAL', `command oracle: index ${i} is outside the pool (${dataset.smiles.length})`);
    }
    return { id, smiles };
  };
  const clock = opts.clock ?? systemClock;
  const runBatch: BatchRunner = opts.runBatch ?? ((s, rows, signal) => runCommandBatch(s, rows, signal, clock));

  const runChunk = (signal: AbortSignal | undefined) => async (items: readonly number[], attempt: number) => {
    const rows = items.map(rowOf);
    const timeoutMs = Math.min(spec.timeoutMs * items.length, MAX_TIMER_MS);
    const ended = opts.onAttemptStart?.({ attempt, indices: items, timeoutMs });
    const result = await runBatch({ ...spec, timeoutMs }, rows, signal, { items, attempt });
    const reported = { ...result, attempt, indices: items };
    if (typeof ended === 'function') ended(reported);
    opts.onAttempt?.(reported);
    return result;
  };

  return {
    kind: 'command',
    async label(indices, ctx) {
      const unique = [...new Set(indices)];
      if (unique.length === 0) return [];
      unique.forEach(rowOf);
      const chunk = opts.chunk ?? unique.length;
      const results = await fanOut(
        unique,
        { chunk, parallel: opts.parallel ?? 1, retries },
        runChunk(ctx?.signal),
        ctx?.onResults,
      );
      return indices.map((i) => results.get(i)?.value ?? null);
    },
    truth: () => Promise.resolve(null),
  };
}

/** Node's timer limit: a chunk's limit (its size times the per-molecule timeout) is capped there. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The runtime spec from the resolved config (argv[0] is already absolute when it was a relative path). */
export function commandSpecFromConfig(oracle: CommandOracleConfig, cwd?: string): CommandSpec {
  return {
    argv: oracle.argv,
    // Per molecule: a run's limit is its chunk's size times this.
    timeoutMs: oracle.timeout_s * 1000,
    memoryMb: oracle.memory_mb,
    columns: { idColumn: oracle.id_column, scoreColumn: oracle.score_column },
    ...(cwd === undefined ? {} : { cwd }),
  };
}
