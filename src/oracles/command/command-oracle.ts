/**
 * External programs as oracles: `oracle: { kind: command, argv: [...], timeout_s, memory_mb }`.
 *
 * Each `label` call sends the acquired molecules to the program as one batch (CSV on stdin, scores as CSV on
 * stdout; see command-oracle-protocol.ts), in its own process group, under a timeout and an optional memory
 * cap (command-oracle-process.ts). Every attempt ends in one class, by the table in
 * command-oracle-classify.ts: `ok`, `oom`, `timeout`, `crash`, `bad_input`, `error`, `interrupted`.
 *
 * Retries (each molecule gets at most 1 + `retries` attempts, run one after another):
 * - `timeout`: the batch again as two halves (a smaller batch finishes sooner);
 * - `crash`, `oom`: the same batch again (a crash may be transient; the cap is the user's to raise);
 * - `error`, `bad_input`: not retried: the program would fail the same way;
 * - `interrupted`: the call throws `AlcoveError('ABORTED')`.
 * Molecules still without a value after that are failed oracle calls (null). A molecule the program
 * answered without a usable score (an invalid SMILES) is the program's answer and is not retried.
 * Every attempt is reported through `onAttempt` (for the audit trail).
 *
 * `truth()` is null: a command oracle cannot know the whole pool without being called on all of it.
 */
import type { CommandOracleConfig } from '../../config/campaign-schema.js';
import { AlcoveError } from '../../shared/errors.js';
import { runCommandBatch } from './command-oracle-process.js';
import type { CommandBatchResult, CommandSpec } from './command-oracle-process.js';
import type { CommandResultClass } from './command-oracle-protocol.js';

export { runCommandBatch } from './command-oracle-process.js';
export type { CommandBatchResult, CommandSpec } from './command-oracle-process.js';
export type { CommandResultClass, CommandRow } from './command-oracle-protocol.js';

export interface CommandAttempt extends CommandBatchResult {
  /** 1-based: the how-many-th attempt for these molecules. */
  readonly attempt: number;
  /** Pool indices of the molecules in this attempt (aligned with `values`). */
  readonly indices: readonly number[];
}

export interface CommandOracleOptions {
  readonly onAttempt?: (attempt: CommandAttempt) => void;
  /** Retries after the first attempt for `timeout`, `crash` and `oom`; default 1. */
  readonly retries?: number;
}

/** Assignable to `Oracle` (it needs only the abort signal of the stage's execution context). */
export interface CommandOracle {
  readonly kind: 'command';
  label(indices: readonly number[], ctx?: { readonly signal?: AbortSignal }): Promise<(number | null)[]>;
  truth(): Promise<null>;
}

const RETRIED: ReadonlySet<CommandResultClass> = new Set(['timeout', 'crash', 'oom']);

export function createCommandOracle(
  spec: CommandSpec,
  dataset: { readonly smiles: readonly string[]; readonly ids: readonly string[] },
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
    const id = dataset.ids[i];
    const smiles = dataset.smiles[i];
    if (id === undefined || smiles === undefined) {
      throw new AlcoveError('INTERNAL', `command oracle: index ${i} is outside the pool (${dataset.smiles.length})`);
    }
    return { id, smiles };
  };

  return {
    kind: 'command',
    async label(indices, ctx) {
      const signal = ctx?.signal;
      const unique = [...new Set(indices)];
      const rows = new Map(unique.map((i) => [i, rowOf(i)]));
      const values = new Map<number, number | null>();
      const queue: { items: number[]; attempt: number }[] = unique.length > 0 ? [{ items: unique, attempt: 1 }] : [];
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const { items, attempt } = next;
        const result = await runCommandBatch(
          spec,
          items.map((i) => rows.get(i) ?? rowOf(i)),
          signal,
        );
        opts.onAttempt?.({ ...result, attempt, indices: items });
        if (result.class === 'interrupted') {
          throw new AlcoveError('ABORTED', `command oracle interrupted: ${result.message}`);
        }
        if (result.class === 'ok') {
          items.forEach((i, j) => values.set(i, result.values[j] ?? null));
        } else if (attempt <= retries && RETRIED.has(result.class)) {
          if (result.class === 'timeout' && items.length > 1) {
            const mid = Math.ceil(items.length / 2);
            queue.unshift(
              { items: items.slice(0, mid), attempt: attempt + 1 },
              { items: items.slice(mid), attempt: attempt + 1 },
            );
          } else {
            queue.unshift({ items, attempt: attempt + 1 });
          }
        }
      }
      return indices.map((i) => values.get(i) ?? null);
    },
    truth: () => Promise.resolve(null),
  };
}

/** The runtime spec from the resolved config (argv[0] is already absolute when it was a relative path). */
export function commandSpecFromConfig(oracle: CommandOracleConfig, cwd?: string): CommandSpec {
  return {
    argv: oracle.argv,
    timeoutMs: oracle.timeout_s * 1000,
    memoryMb: oracle.memory_mb,
    columns: { idColumn: oracle.id_column, scoreColumn: oracle.score_column },
    ...(cwd === undefined ? {} : { cwd }),
  };
}
