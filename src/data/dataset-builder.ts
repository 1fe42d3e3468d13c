/**
 * The molecules kept, in file order, as rows stream in, and the issues of those left out: SMILES and ids
 * packed into SmilesStores, labels and source lines in typed arrays, duplicates found through hash tables
 * over the packed bytes (no Map of millions of strings). The first row of a SMILES wins; ids (when the
 * file has an id column) must be unique over all the files.
 */
import { basename } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { sha256 as sha256Text } from '../shared/hash.js';
import { createSmilesStoreBuilder, type StringColumn } from '../shared/smiles-store.js';
import { createUniqueIndex } from '../shared/unique-index.js';
import { MAX_ISSUE_EXAMPLES } from './dataset.js';
import type { Dataset, DatasetFile, Issue, IssueExample } from './dataset.js';

export interface BuilderOptions {
  readonly keepUnlabeled: boolean;
  readonly idColumn: string | undefined;
}

export interface DatasetBuilder {
  readonly issues: Record<keyof Dataset['issues'], IssueLog>;
  /**
   * The next file's rows follow. Its ids: `column` (an id column: kept, must be unique), `names` (a .smi
   * file's names: kept as given), `derived` (none: the row's line).
   */
  startFile(path: string, ids: 'column' | 'names' | 'derived'): void;
  add(line: number, id: string, smiles: string, label: number): void;
  build(files: readonly DatasetFile[], hasLabels: boolean): Dataset;
}

export interface IssueLog {
  add(example: IssueExample): void;
  issue(): Issue;
}

export function createDatasetBuilder(options: BuilderOptions): DatasetBuilder {
  const issues = {
    emptySmiles: createIssueLog(),
    missingLabel: createIssueLog(),
    duplicateSmiles: createIssueLog(),
    badLabel: createIssueLog(),
    nonFiniteLabel: createIssueLog(),
  };
  const smiles = createSmilesStoreBuilder();
  const ids = createSmilesStoreBuilder();
  const labels = createGrowable(Float64Array);
  const sourceRows = createGrowable(Int32Array);
  const sourceFiles = createGrowable(Uint16Array);
  const uniqueSmiles = createUniqueIndex(
    (i) => smiles.hashAt(i),
    (a, b) => smiles.equalAt(a, b),
  );
  const uniqueIds = createUniqueIndex(
    (i) => ids.hashAt(i),
    (a, b) => ids.equalAt(a, b),
  );
  const paths: string[] = [];
  let hasIds = false;
  let anyIds = false;
  return {
    issues,
    startFile(path, fileIds) {
      paths.push(path);
      hasIds = fileIds === 'column';
      if (fileIds !== 'derived' && !anyIds) {
        // Ids are kept from the first file that has them; the rows before get their derived ones.
        const before = derivedIds(sourceRows.build(), sourceFiles.build(), paths);
        for (let r = 0; r < before.length; r++) ids.push(before.at(r) ?? '');
        anyIds = true;
      }
    },
    add(line, id, smi, label) {
      const row = smiles.length;
      smiles.push(smi);
      const first = uniqueSmiles.findOrAdd(row);
      if (first >= 0) {
        smiles.pop();
        issues.duplicateSmiles.add({ row: line, id, value: smi, ...fileOf(paths, paths[paths.length - 1] ?? '') });
        return;
      }
      // Without an id column the id is the row's line, derived when asked: nothing is stored.
      if (anyIds) ids.push(id);
      if (hasIds) {
        const other = uniqueIds.findOrAdd(row);
        if (other >= 0)
          throw duplicateId(options, paths, {
            id,
            line,
            otherLine: sourceRows.at(other),
            otherFile: paths[sourceFiles.at(other)] ?? '',
          });
      }
      labels.push(label);
      sourceRows.push(line);
      sourceFiles.push(paths.length - 1);
    },
    build(files, hasLabels) {
      const rows = sourceRows.build();
      const fileOfRow = sourceFiles.build();
      const pathsRead = files.map((f) => f.path);
      return {
        ...summaryOf(files),
        files,
        smiles: smiles.build(),
        ids: anyIds ? ids.build() : derivedIds(rows, fileOfRow, pathsRead),
        labels: labels.build(),
        sourceRows: rows,
        sourceFiles: fileOfRow,
        keepUnlabeled: options.keepUnlabeled,
        hasLabels,
        issues: issuesOf(issues),
      };
    },
  };
}

function summaryOf(files: readonly DatasetFile[]): Pick<Dataset, 'path' | 'sha256' | 'rowsRead'> {
  return {
    path: files.length === 1 ? (files[0]?.path ?? '') : files.map((f) => f.path).join(', '),
    sha256: combinedSha256(files),
    rowsRead: files.reduce((sum, f) => sum + f.rows, 0),
  };
}

function issuesOf(logs: Record<keyof Dataset['issues'], IssueLog>): Dataset['issues'] {
  return {
    emptySmiles: logs.emptySmiles.issue(),
    missingLabel: logs.missingLabel.issue(),
    duplicateSmiles: logs.duplicateSmiles.issue(),
    badLabel: logs.badLabel.issue(),
    nonFiniteLabel: logs.nonFiniteLabel.issue(),
  };
}

function duplicateId(
  options: BuilderOptions,
  paths: readonly string[],
  at: { id: string; line: number; otherLine: number; otherFile: string },
): AlcoveError {
  const path = paths[paths.length - 1] ?? '';
  const first = paths.length > 1 ? `${at.otherFile} row ${at.otherLine}` : String(at.otherLine);
  return new AlcoveError(
    'BAD_DATA',
    `${path}: id "${at.id}" is on rows ${first} and ${at.line} (column "${options.idColumn ?? ''}"); ` +
      'ids must be unique: fix the file, or leave dataset.id_column out to use row numbers',
  );
}

/** The file an issue's row is in, named only when there are several. */
export function fileOf(paths: readonly string[], path: string): { file?: string } {
  return paths.length > 1 ? { file: basename(path) } : {};
}

/**
 * The sha256 of the one file; for several, the sha256 of their digests in order (the per-file digests
 * are in `files`), so a checkpoint's recorded digest still names the whole pool.
 */
function combinedSha256(files: readonly DatasetFile[]): string {
  if (files.length === 1) return files[0]?.sha256 ?? '';
  return sha256Text(files.map((f) => f.sha256).join('\n'));
}

/** Ids without an id column: the row's file line; with several files, `<file name>:<line>`. */
function derivedIds(rows: Int32Array, fileOfRow: Uint16Array, paths: readonly string[]): StringColumn {
  const names = paths.map((p) => basename(p));
  return {
    length: rows.length,
    at: (i) => {
      const line = i >= 0 ? rows[i] : undefined;
      if (line === undefined) return undefined;
      return names.length > 1 ? `${names[fileOfRow[i] ?? 0] ?? ''}:${line}` : String(line);
    },
  };
}

type TypedArrayCtor<T> = { new (n: number): T };
type Typed = Float64Array | Int32Array | Uint16Array;

function createGrowable<T extends Typed>(Ctor: TypedArrayCtor<T>) {
  let data = new Ctor(1 << 12);
  let n = 0;
  return {
    push(v: number): void {
      if (n === data.length) {
        const next = new Ctor(data.length * 2);
        next.set(data);
        data = next;
      }
      data[n++] = v;
    },
    at: (i: number): number => data[i] ?? 0,
    build: (): T => data.slice(0, n) as T,
  };
}

function createIssueLog(): IssueLog {
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
