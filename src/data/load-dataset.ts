/**
 * Load a molecule table from a .csv or .csv.gz file: trimmed SMILES, ids, numeric labels, and a
 * report of what was left out and why. Invalid SMILES are not checked here; featurization reports
 * them.
 */
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { AlcoveError, isAlcoveError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { readInputFile } from '../shared/read-input-file.js';
import { parseCsv } from '../shared/csv.js';
import type { CsvTable } from '../shared/csv.js';
import { MAX_ISSUE_EXAMPLES } from './dataset.js';
import type { Dataset, Issue, IssueExample } from './dataset.js';

export type { Dataset, DatasetIssues, Issue, IssueExample } from './dataset.js';
export { describeIssues } from './dataset.js';

/** Structurally the file variant of the config's `dataset` section. */
export interface DatasetSpec {
  readonly path: string;
  readonly smiles_column: string;
  readonly label_column?: string | undefined;
  readonly id_column?: string | undefined;
  readonly keep_unlabeled: boolean;
}

const gunzipAsync = promisify(gunzip);

/** Label cells that mean "no label" (compared lower-cased, trimmed). */
const MISSING_LABELS: ReadonlySet<string> = new Set(['', 'nan', 'na', 'n/a', 'null', 'none']);
/** A plain decimal number; rejects what `Number()` would also accept ('0x1f', 'Infinity'). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of infinity (compared lower-cased); `1e309` overflows to it. */
const INFINITE = /^[+-]?(?:inf|infinity)$/;

export async function loadDataset(spec: DatasetSpec): Promise<Dataset> {
  const path = resolve(spec.path);
  const bytes = await readInputFile(path, { code: 'BAD_DATA', message: (reason) => `dataset file ${reason}: ${path}` });
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let text: string;
  try {
    text = (isGzip ? await gunzipAsync(bytes) : bytes).toString('utf8');
  } catch (err) {
    throw new AlcoveError('BAD_DATA', `${path}: cannot decompress: ${String(err)}`, { cause: err });
  }
  return datasetFromCsv(text, spec, { path, sha256: sha256(bytes) });
}

type LabelCell = { readonly kind: 'ok'; readonly value: number } | { readonly kind: 'missing' | 'bad' | 'nonFinite' };

function readLabel(raw: string): LabelCell {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (MISSING_LABELS.has(lower)) return { kind: 'missing' };
  if (INFINITE.test(lower)) return { kind: 'nonFinite' };
  if (!DECIMAL.test(text)) return { kind: 'bad' };
  const value = Number(text);
  return Number.isFinite(value) ? { kind: 'ok', value } : { kind: 'nonFinite' };
}

function parseTable(text: string, path: string): CsvTable {
  try {
    return parseCsv(text);
  } catch (err) {
    if (isAlcoveError(err)) throw new AlcoveError('BAD_DATA', `${path}: ${err.message}`, { cause: err });
    throw err;
  }
}

/**
 * The molecules kept, in file order, and the issues of those left out. The first row of a SMILES wins;
 * ids (when the file has an id column) must be unique.
 */
function createDatasetBuilder(spec: DatasetSpec, path: string, hasIds: boolean) {
  const issues = {
    emptySmiles: createIssueLog(),
    missingLabel: createIssueLog(),
    duplicateSmiles: createIssueLog(),
    badLabel: createIssueLog(),
    nonFiniteLabel: createIssueLog(),
  };
  const smiles: string[] = [];
  const ids: string[] = [];
  const labels: number[] = [];
  const sourceRows: number[] = [];
  const firstRowOf = new Map<string, number>();
  const rowOfId = new Map<string, number>();
  return {
    issues,
    add(line: number, id: string, smi: string, label: number): void {
      if (firstRowOf.has(smi)) {
        issues.duplicateSmiles.add({ row: line, id, value: smi });
        return;
      }
      firstRowOf.set(smi, line);
      if (hasIds) {
        const other = rowOfId.get(id);
        if (other !== undefined) {
          throw new AlcoveError(
            'BAD_DATA',
            `${path}: id "${id}" is on rows ${other} and ${line} (column "${spec.id_column ?? ''}"); ` +
              'ids must be unique: fix the file, or leave dataset.id_column out to use row numbers',
          );
        }
        rowOfId.set(id, line);
      }
      smiles.push(smi);
      ids.push(id);
      labels.push(label);
      sourceRows.push(line);
    },
    build(meta: { path: string; sha256: string }, rowsRead: number, hasLabels: boolean): Dataset {
      return {
        path: meta.path,
        sha256: meta.sha256,
        rowsRead,
        smiles,
        ids,
        labels: Float64Array.from(labels),
        sourceRows: Int32Array.from(sourceRows),
        keepUnlabeled: spec.keep_unlabeled,
        hasLabels,
        issues: {
          emptySmiles: issues.emptySmiles.issue(),
          missingLabel: issues.missingLabel.issue(),
          duplicateSmiles: issues.duplicateSmiles.issue(),
          badLabel: issues.badLabel.issue(),
          nonFiniteLabel: issues.nonFiniteLabel.issue(),
        },
      };
    },
  };
}

/** The loader without the disk: `meta` is what the file's path and hash would be. */
export function datasetFromCsv(text: string, spec: DatasetSpec, meta: { path: string; sha256: string }): Dataset {
  const { header, rows, rowLines } = parseTable(text, meta.path);
  const column = (name: string, key: string): number => findColumn(header, name, key, meta.path);
  const smilesAt = column(spec.smiles_column, 'smiles_column');
  const labelAt = spec.label_column === undefined ? -1 : column(spec.label_column, 'label_column');
  const idAt = spec.id_column === undefined ? -1 : column(spec.id_column, 'id_column');
  const dataset = createDatasetBuilder(spec, meta.path, idAt >= 0);
  const { issues } = dataset;

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as string[];
    const line = rowLines[r] as number;
    if (row.length !== header.length) {
      throw new AlcoveError(
        'BAD_DATA',
        `${meta.path}: row ${line} has ${row.length} fields, the header has ${header.length}`,
      );
    }
    const id = (idAt >= 0 ? (row[idAt] ?? '').trim() : '') || String(line);
    const rawSmiles = row[smilesAt] ?? '';
    const smi = rawSmiles.trim();
    if (smi === '') {
      issues.emptySmiles.add({ row: line, id, value: rawSmiles });
      continue;
    }
    let label = Number.NaN;
    if (labelAt >= 0) {
      const rawLabel = row[labelAt] ?? '';
      const cell = readLabel(rawLabel);
      if (cell.kind === 'ok') label = cell.value;
      else if (cell.kind === 'nonFinite') {
        // An overflowing or infinite label would poison training and every metric: never kept.
        issues.nonFiniteLabel.add({ row: line, id, value: rawLabel });
        continue;
      } else {
        (cell.kind === 'missing' ? issues.missingLabel : issues.badLabel).add({ row: line, id, value: rawLabel });
        if (!spec.keep_unlabeled) continue;
      }
    }
    dataset.add(line, id, smi, label);
  }
  return dataset.build(meta, rows.length, labelAt >= 0);
}

/** The column's index; an exact name first, then one that matches once both are trimmed. */
function findColumn(header: readonly string[], name: string, key: string, path: string): number {
  let matches = header.flatMap((h, i) => (h === name ? [i] : []));
  if (matches.length === 0) matches = header.flatMap((h, i) => (h.trim() === name.trim() ? [i] : []));
  const where = `(dataset.${key}) in ${path}`;
  if (matches.length === 0) {
    const has = header.length === 0 ? 'the file is empty' : `it has: ${header.map((h) => `"${h}"`).join(', ')}`;
    throw new AlcoveError('BAD_DATA', `no column "${name}" ${where}; ${has}`);
  }
  if (matches.length > 1) {
    throw new AlcoveError('BAD_DATA', `column "${name}" ${where} appears ${matches.length} times in the header`);
  }
  return matches[0] as number;
}

function createIssueLog(): { add(example: IssueExample): void; issue(): Issue } {
  let count = 0;
  const examples: IssueExample[] = [];
  return {
    add(example) {
      count++;
      if (examples.length < MAX_ISSUE_EXAMPLES) examples.push(example);
    },
    issue: () => ({ count, examples }),
  };
}
