/**
 * The command oracle's wire format and its failure classification: pure functions, no processes here
 * (see command-oracle-process.ts for those).
 *
 * Protocol. The batch goes to the program's stdin as CSV, header `id,smiles`, one row per molecule, RFC 4180
 * quoting for fields with `,` `"` CR / LF (or leading/trailing blanks). The program answers on stdout with CSV
 * whose header names an id column and a score column (`id,score` by default; other columns are ignored).
 * Rows are matched by id; a molecule without a row, with an empty or non-numeric score (`nan`, `inf`,
 * `1.2.3`), or whose id is answered twice with different scores, is a failed call for that molecule only.
 * Scores are decimals as the dataset loader reads them (`-1.5`, `2e-3`), finite.
 */
import { csvField, parseCsv } from '../../shared/csv.js';
import { isAlcoveError } from '../../shared/errors.js';
import { TASK_CLASSES, type TaskClass } from '../../shared/vocabulary.js';

/** How a task attempt ends; the same classes as the supervised engine tasks. */
/** A program run ends in the same classes as any engine task attempt. */
export const COMMAND_RESULT_CLASSES = TASK_CLASSES;
export type CommandResultClass = TaskClass;

export function isCommandResultClass(value: unknown): value is CommandResultClass {
  return typeof value === 'string' && (COMMAND_RESULT_CLASSES as readonly string[]).includes(value);
}

export interface CommandRow {
  readonly id: string;
  readonly smiles: string;
}

export interface OutputColumns {
  readonly idColumn: string;
  readonly scoreColumn: string;
}

export const DEFAULT_OUTPUT_COLUMNS: OutputColumns = { idColumn: 'id', scoreColumn: 'score' };

/**
 * The input CSV in chunks of about `chunkChars` characters, so that a large batch is streamed into the pipe
 * with backpressure instead of being built as one string.
 */
export function* inputCsvChunks(rows: readonly CommandRow[], chunkChars = 64 * 1024): Generator<string> {
  let chunk = 'id,smiles\n';
  for (const row of rows) {
    chunk += `${csvField(row.id)},${csvField(row.smiles)}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite decimal score, or null (empty, `nan`, `inf`, hex, anything else). */
export function parseScore(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

export type ParsedScores =
  | {
      readonly ok: true;
      /** Aligned with the ids asked for; null where the program gave no usable score. */
      readonly values: (number | null)[];
      /** Output rows whose id was not asked for (ignored). */
      readonly unknownIds: number;
      /** Ids answered twice with different scores (failed). */
      readonly conflicting: number;
      /** Rows with an empty or non-numeric score. */
      readonly unparsable: number;
    }
  | { readonly ok: false; readonly message: string };

/** Read the program's stdout. Anything that is not CSV with the expected header is `{ ok: false }`. */
export function parseScoresCsv(
  stdout: Buffer,
  ids: readonly string[],
  columns: OutputColumns = DEFAULT_OUTPUT_COLUMNS,
): ParsedScores {
  const expected = `a CSV header with columns "${columns.idColumn}" and "${columns.scoreColumn}"`;
  if (stdout.length === 0)
    return { ok: false, message: `the program printed nothing on stdout (expected ${expected})` };
  let table;
  try {
    table = parseCsv(stdout.toString('utf8'));
  } catch (err) {
    if (!isAlcoveError(err)) throw err;
    return { ok: false, message: `stdout is not CSV (${err.message}); it starts with ${quoteBytes(stdout)}` };
  }
  const header = table.header.map((h) => h.trim());
  const idAt = header.indexOf(columns.idColumn);
  const scoreAt = header.indexOf(columns.scoreColumn);
  if (idAt < 0 || scoreAt < 0) {
    return { ok: false, message: `stdout does not start with ${expected}; it starts with ${quoteBytes(stdout)}` };
  }
  const position = new Map<string, number>();
  ids.forEach((id, i) => position.set(id, i));
  const values: (number | null)[] = ids.map(() => null);
  const seen = new Uint8Array(ids.length);
  let unknownIds = 0;
  let conflicting = 0;
  let unparsable = 0;
  for (const row of table.rows) {
    const at = position.get(row[idAt] ?? '');
    if (at === undefined) {
      unknownIds++;
      continue;
    }
    const score = parseScore(row[scoreAt] ?? '');
    if (score === null) unparsable++;
    if (seen[at] === 0) {
      seen[at] = 1;
      values[at] = score;
    } else if (values[at] !== score && seen[at] === 1) {
      seen[at] = 2;
      values[at] = null;
      conflicting++;
    }
  }
  return { ok: true, values, unknownIds, conflicting, unparsable };
}

/** The first bytes of a buffer as a readable quoted string: printable ASCII as is, anything else as \xNN. */
export function quoteBytes(bytes: Uint8Array, max = 48): string {
  let out = '';
  for (const b of bytes.subarray(0, max)) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${out}"${bytes.length > max ? '...' : ''}`;
}
