/**
 * `--tell results.csv`: a laboratory's results for the batch a campaign is waiting on, checked whole
 * before anything is applied, then journaled (durable) so that the explore stage finds them.
 *
 * The file is CSV with the manual oracle's `id_column` and `score_column` (default `id`, `score`; other
 * columns, such as the batch file's SMILES and predictions, are ignored). A score is a plain decimal, or
 * `failed` for a molecule the lab could not measure: the lab's answer, journaled like a program's answer
 * without a usable score (class `ok`, no value), so it is not asked again and counts as a failed call.
 * Refused, by row, with nothing applied: an id that is not in the waiting batch, an id twice, an id that
 * already has a result, an empty or non-numeric score. Rows may be fewer than the batch: the rest stay
 * pending and the campaign waits again.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../shared/csv.js';
import { AlcoveError } from '../shared/errors.js';
import { readInputFileSync } from '../shared/read-input-file.js';
import { parseScore } from './command/command-oracle-protocol.js';
import { readBatchIds } from './manual-oracle.js';
import type { JournalEntry, OracleJournal } from './oracle-journal.js';
import type { StringColumn } from '../shared/smiles-store.js';

export interface TellRequest {
  /** The results file the user named. */
  readonly file: string;
  readonly stateDir: string;
  /** What the campaign waits on: the batch file (relative to the state folder) and its generation. */
  readonly waiting: { readonly generation: number; readonly file: string };
  readonly columns: { readonly id: string; readonly score: string };
  /** Pool ids: position = pool index. */
  readonly ids: StringColumn;
  readonly journal: OracleJournal;
  readonly now: number;
}

export interface TellOutcome {
  readonly told: number;
  readonly failed: number;
  /** Molecules of the batch still without a result. */
  readonly pending: number;
}

const MAX_LISTED = 8;
const MAX_BYTES = 64 * 1024 * 1024;

function column(header: readonly string[], name: string, file: string, what: string): number {
  const at = header.indexOf(name);
  if (at < 0) {
    throw new AlcoveError('BAD_INPUT', `${file}: no '${name}' column (the ${what}; header: ${header.join(',')})`);
  }
  return at;
}

/** The rows of the results file as journal entries, or every problem found (by row). */
function readResults(req: TellRequest, batch: ReadonlyMap<string, number>) {
  const text = readInputFileSync(req.file, {
    code: 'BAD_INPUT',
    message: (why) => `--tell ${req.file}: ${why}`,
    maxBytes: MAX_BYTES,
  }).toString('utf8');
  const table = parseCsv(text);
  const idAt = column(table.header, req.columns.id, req.file, 'oracle.id_column');
  const scoreAt = column(table.header, req.columns.score, req.file, 'oracle.score_column');
  const seconds = Math.max(0, (req.now - statSync(join(req.stateDir, req.waiting.file)).mtimeMs) / 1000);
  const problems: string[] = [];
  const firstRow = new Map<string, number>();
  const entries: JournalEntry[] = [];
  table.rows.forEach((row, r) => {
    const line = table.rowLines[r] ?? r + 2;
    const id = (row[idAt] ?? '').trim();
    const raw = (row[scoreAt] ?? '').trim();
    const index = batch.get(id);
    const seen = firstRow.get(id);
    if (id === '') return void problems.push(`row ${line}: no id`);
    if (index === undefined) return void problems.push(`row ${line}: id '${id}' is not in ${req.waiting.file}`);
    if (seen !== undefined) return void problems.push(`row ${line}: id '${id}' again (first on row ${seen})`);
    firstRow.set(id, line);
    if (req.journal.final(index) !== undefined) {
      return void problems.push(`row ${line}: id '${id}' already has a result`);
    }
    if (raw === '') return void problems.push(`row ${line}: no value for '${id}'`);
    const failed = raw.toLowerCase() === 'failed';
    const value = failed ? null : parseScore(raw);
    if (!failed && value === null) return void problems.push(`row ${line}: '${raw}' is not a number (id '${id}')`);
    entries.push({
      index,
      id,
      generation: req.waiting.generation,
      value,
      class: 'ok',
      attempt: 1,
      seconds,
    });
  });
  return { entries, problems };
}

/** Checks the whole file, then journals its results; throws `BAD_INPUT` naming every bad row, applying none. */
export async function tellResults(req: TellRequest): Promise<TellOutcome> {
  const batchIds = readBatchIds(join(req.stateDir, req.waiting.file));
  const poolIndex = new Map<string, number>();
  for (let i = 0; i < req.ids.length; i++) poolIndex.set(req.ids.at(i) ?? '', i);
  const batch = new Map(batchIds.map((id) => [id, poolIndex.get(id) ?? -1]));
  const { entries, problems } = readResults(req, batch);
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).join('; ');
    const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
    throw new AlcoveError(
      'BAD_INPUT',
      `--tell ${req.file}: nothing applied, ${problems.length} bad row(s): ${listed}${more}`,
    );
  }
  await req.journal.append(entries);
  const pending = batchIds.filter((id) => req.journal.final(batch.get(id) ?? -1) === undefined).length;
  return { told: entries.length, failed: entries.filter((e) => e.value === null).length, pending };
}
