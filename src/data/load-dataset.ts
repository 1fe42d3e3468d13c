/**
 * Load a molecule table from one or several .csv / .tsv / .smi files (each possibly gzipped), streamed
 * line by line: trimmed SMILES, ids, numeric labels, and a report of what was left out and why. Invalid
 * SMILES are not checked here; featurization reports them.
 *
 * A `.smi` file has no header: whitespace-separated fields, the SMILES first and an optional name (the id).
 */
import { basename, resolve } from 'node:path';
import { AlcoveError, isAlcoveError } from '../shared/errors.js';
import { createRecordReader } from './csv-records.js';
import { createDatasetBuilder, fileOf, type DatasetBuilder } from './dataset-builder.js';
import type { Dataset, DatasetFile } from './dataset.js';
import { createLineSplitter, readLines, type LineHandler } from './read-lines.js';

export type { Dataset, DatasetFile, DatasetIssues, Issue, IssueExample } from './dataset.js';
export { describeIssues } from './dataset.js';

/** Structurally the file variants of the config's `dataset` section (`path` or `paths`). */
export interface DatasetSpec {
  readonly path?: string | undefined;
  readonly paths?: readonly string[] | undefined;
  readonly smiles_column: string;
  readonly label_column?: string | undefined;
  readonly id_column?: string | undefined;
  readonly keep_unlabeled: boolean;
  /** The field delimiter of .csv / .tsv files; left out: a tab for .tsv, else a comma. */
  readonly delimiter?: string | undefined;
}

/** `sourceFiles` is a Uint16Array. */
const MAX_FILES = 65535;

/** Label cells that mean "no label" (compared lower-cased, trimmed). */
const MISSING_LABELS: ReadonlySet<string> = new Set(['', 'nan', 'na', 'n/a', 'null', 'none']);
/** A plain decimal number; rejects what `Number()` would also accept ('0x1f', 'Infinity'). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of infinity (compared lower-cased); `1e309` overflows to it. */
const INFINITE = /^[+-]?(?:inf|infinity)$/;

export async function loadDataset(spec: DatasetSpec): Promise<Dataset> {
  const paths = (spec.paths ?? (spec.path === undefined ? [] : [spec.path])).map((p) => resolve(p));
  if (paths.length === 0) throw new AlcoveError('BAD_CONFIG', 'dataset: give a path or paths');
  if (paths.length > MAX_FILES) throw new AlcoveError('BAD_CONFIG', `dataset.paths: more than ${MAX_FILES} files`);
  const builder = createDatasetBuilder({ keepUnlabeled: spec.keep_unlabeled, idColumn: spec.id_column });
  const files: DatasetFile[] = [];
  let hasLabels = true;
  for (const path of paths) {
    const reader = createFileReader(spec, path, builder, paths);
    const sha256 = await readLines(path, reader.onLine);
    reader.end();
    files.push({ path, sha256, rows: reader.rows() });
    hasLabels &&= reader.hasLabels();
  }
  return builder.build(files, hasLabels);
}

/** The loader without the disk: `meta` is what the file's path and hash would be. */
export function datasetFromCsv(text: string, spec: DatasetSpec, meta: { path: string; sha256: string }): Dataset {
  const builder = createDatasetBuilder({ keepUnlabeled: spec.keep_unlabeled, idColumn: spec.id_column });
  const reader = createFileReader(spec, meta.path, builder, [meta.path]);
  const splitter = createLineSplitter(reader.onLine);
  splitter.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  splitter.end();
  reader.end();
  return builder.build([{ path: meta.path, sha256: meta.sha256, rows: reader.rows() }], reader.hasLabels());
}

export type FileFormat = 'csv' | 'smi';

export function formatOf(path: string): FileFormat {
  return /\.smi(\.gz)?$/i.test(path) ? 'smi' : 'csv';
}

export function delimiterOf(spec: Pick<DatasetSpec, 'delimiter'>, path: string): string {
  if (spec.delimiter !== undefined) return spec.delimiter === 'tab' ? '\t' : spec.delimiter;
  return /\.tsv(\.gz)?$/i.test(path) ? '\t' : ',';
}

interface FileReader {
  readonly onLine: LineHandler;
  end(): void;
  rows(): number;
  hasLabels(): boolean;
}

/** Lines of one file into the builder; errors name the file and the line. */
function createFileReader(spec: DatasetSpec, path: string, builder: DatasetBuilder, paths: string[]): FileReader {
  const where = fileOf(paths, path);
  if (formatOf(path) === 'smi') return createSmiReader(spec, path, builder);
  const withFile = (err: unknown): never => {
    if (isAlcoveError(err) && err.code === 'BAD_DATA' && !err.message.includes(path)) {
      throw new AlcoveError('BAD_DATA', `${path}: ${err.message}`, { cause: err });
    }
    throw err;
  };
  let header: string[] | null = null;
  let columns = { smiles: -1, label: -1, id: -1 };
  let rows = 0;
  const records = createRecordReader(delimiterOf(spec, path), (fields, line) => {
    if (header === null) {
      header = fields;
      const column = (name: string, key: string): number => findColumn(fields, name, key, path);
      columns = {
        smiles: column(spec.smiles_column, 'smiles_column'),
        label: spec.label_column === undefined ? -1 : column(spec.label_column, 'label_column'),
        id: spec.id_column === undefined ? -1 : column(spec.id_column, 'id_column'),
      };
      builder.startFile(path, columns.id >= 0 ? 'column' : 'derived');
      return;
    }
    rows++;
    if (fields.length !== header.length) {
      throw new AlcoveError(
        'BAD_DATA',
        `${path}: row ${line} has ${fields.length} fields, the header has ${header.length}`,
      );
    }
    addRow(spec, builder, where, columns, fields, line);
  });
  return {
    onLine: (line, lineNo) => {
      try {
        records.onLine(line, lineNo);
      } catch (err) {
        withFile(err);
      }
    },
    end: () => {
      try {
        records.end();
      } catch (err) {
        withFile(err);
      }
      if (header === null) findColumn([], spec.smiles_column, 'smiles_column', path);
    },
    rows: () => rows,
    hasLabels: () => columns.label >= 0,
  };
}

type Columns = { readonly smiles: number; readonly label: number; readonly id: number };

function addRow(
  spec: DatasetSpec,
  builder: DatasetBuilder,
  where: { file?: string },
  at: Columns,
  row: readonly string[],
  line: number,
): void {
  const { issues } = builder;
  const id = (at.id >= 0 ? (row[at.id] ?? '').trim() : '') || String(line);
  const rawSmiles = row[at.smiles] ?? '';
  const smi = rawSmiles.trim();
  if (smi === '') {
    issues.emptySmiles.add({ row: line, id, value: rawSmiles, ...where });
    return;
  }
  let label = Number.NaN;
  if (at.label >= 0) {
    const rawLabel = row[at.label] ?? '';
    const cell = readLabel(rawLabel);
    if (cell.kind === 'ok') label = cell.value;
    else if (cell.kind === 'nonFinite') {
      // An overflowing or infinite label would poison training and every metric: never kept.
      issues.nonFiniteLabel.add({ row: line, id, value: rawLabel, ...where });
      return;
    } else {
      const log = cell.kind === 'missing' ? issues.missingLabel : issues.badLabel;
      log.add({ row: line, id, value: rawLabel, ...where });
      if (!spec.keep_unlabeled) return;
    }
  }
  builder.add(line, id, smi, label);
}

/** A `.smi` file: `SMILES [name]` per line, no header, no labels. */
function createSmiReader(spec: DatasetSpec, path: string, builder: DatasetBuilder): FileReader {
  if (spec.label_column !== undefined) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `dataset.label_column: ${basename(path)} is a .smi file (SMILES and an optional name), it has no labels`,
    );
  }
  builder.startFile(path, 'names');
  let rows = 0;
  return {
    onLine(line, lineNo) {
      const text = line.trim();
      if (text === '') return;
      rows++;
      const fields = text.split(/\s+/);
      const smi = fields[0] ?? '';
      const id = fields[1] ?? String(lineNo);
      builder.add(lineNo, id, smi, Number.NaN);
    },
    end: () => undefined,
    rows: () => rows,
    hasLabels: () => false,
  };
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
