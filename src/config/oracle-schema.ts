/** The `oracle:` block of a campaign config: which oracle labels the molecules, and how it is run. */
import { z } from 'zod';

export const ORACLE_KINDS = ['lookup', 'desirability', 'command', 'manual'] as const;

const columnName = z.string().min(1, 'must not be empty');

/**
 * An external program as oracle (see oracles/command/command-oracle.ts): batch as CSV `id,smiles` on stdin, scores as
 * CSV on stdout. Never run through a shell. A relative argv[0] that names a path (`./score.sh`,
 * `scripts/dock.py`) resolves against the config file's folder; a bare name (`python3`) is looked up on PATH.
 */
export const commandOracleSchema = z.strictObject({
  kind: z.literal('command'),
  argv: z
    .array(z.string().refine((a) => !a.includes('\0'), 'must not contain a NUL character'))
    .min(1, 'must name the program: [program, arg, ...]')
    .refine((argv) => argv[0] !== '', { message: 'the program (argv[0]) must not be empty', path: [0] }),
  /** Per molecule: a run of `n` molecules gets `n` times this before its process group is killed. At most a week. */
  timeout_s: z.number().gt(0).max(604_800).default(600),
  /** Molecules per program run; null: the whole batch in one run. */
  chunk: z.int().min(1).max(1_000_000).nullable().default(null),
  /** Program runs at once. */
  parallel: z.int().min(1).max(1024).default(1),
  /** Cap on the program's data memory in MiB (prlimit RLIMIT_DATA); null: none. */
  memory_mb: z.int().min(1).nullable().default(null),
  /** Columns of the program's output. */
  id_column: columnName.default('id'),
  score_column: columnName.default('score'),
});

/**
 * A laboratory as oracle (see oracles/manual-oracle.ts): each batch is written to `batches/generation-N.csv`,
 * the campaign waits, and `--tell results.csv` brings the results back (columns `id_column`, `score_column`).
 */
export const manualOracleSchema = z.strictObject({
  kind: z.literal('manual'),
  id_column: columnName.default('id'),
  score_column: columnName.default('score'),
});

export const oracleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('lookup') }),
  z.strictObject({ kind: z.literal('desirability') }),
  commandOracleSchema,
  manualOracleSchema,
]);
