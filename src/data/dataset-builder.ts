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
      anyIds ||= fileIds !== 'derived';
    },
    add(line, id, smi, label) {
      const path = paths[paths.length - 1] ?? '';
      const row = smiles.length;
      smiles.push(smi);
      const first = uniqueSmiles.findOrAdd(row);
      if (first >= 0) {
        smiles.pop();
        issues.duplicateSmiles.add({ row: line, id, value: smi, ...fileOf(paths, path) });
        return;
      }
      ids.push(id);
      if (hasIds) {
        const other = uniqueIds.findOrAdd(row);
        if (other >= 0) {
          const where = paths.length > 1 ? `${paths[sourceFiles.at(other)] ?? ''} row ${sourceRows.at(other)}` : '';
          throw new AlcoveError(
            'BAD_DATA',
            `${path}: id "${id}" is on rows ${where || sourceRows.at(other)} and ${line} ` +
              `(column "${options.idColumn ?? ''}"); ` +
              'ids must be unique: fix the file, or leave dataset.id_column out to use row numbers',
          );
        }
      }
      labels.push(label);
      sourceRows.push(line);
      sourceFiles.push(paths.length - 1);
    },
    build(files, hasLabels) {
      const rows = sourceRows.build();
      const fileOfRow = sourceFiles.build();
      return {
        path: files.length === 1 ? (files[0]?.path ?? '') : files.map((f) => f.path).join(', '),
        sha256: combinedSha256(files),
        rowsRead: files.reduce((sum, f) => sum + f.rows, 0),
        files,
        smiles: smiles.build(),
        ids: anyIds ? ids.build() : derivedIds(rows, fileOfRow, files),
        labels: labels.build(),
        sourceRows: rows,
        sourceFiles: fileOfRow,
        keepUnlabeled: options.keepUnlabeled,
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
function derivedIds(rows: Int32Array, fileOfRow: Uint16Array, files: readonly DatasetFile[]): StringColumn {
  const names = files.map((f) => basename(f.path));
  return {
    length: rows.length,
    at: (i) => {
      const line = i >= 0 ? rows[i] : undefined;
      if (line === undefined) return undefined;
      return files.length > 1 ? `${names[fileOfRow[i] ?? 0] ?? ''}:${line}` : String(line);
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
