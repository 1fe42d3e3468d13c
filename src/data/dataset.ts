/**
 * A loaded molecule table and the data problems found while loading it.
 *
 * Row numbers are 1-based file lines (the header is line 1), i.e. what a spreadsheet or an editor
 * shows, so a user can go straight to the row.
 */
import type { SmilesStore, StringColumn } from '../shared/smiles-store.js';

export interface IssueExample {
  readonly row: number;
  /** The file's name, when the pool is read from several files. */
  readonly file?: string;
  readonly id: string;
  /** The offending cell as written (the SMILES for duplicates, the label text for label problems). */
  readonly value: string;
}

export interface Issue {
  readonly count: number;
  /** Up to `MAX_ISSUE_EXAMPLES`, in file order. */
  readonly examples: readonly IssueExample[];
}

export const MAX_ISSUE_EXAMPLES = 5;

export interface DatasetIssues {
  readonly emptySmiles: Issue;
  /** Empty or 'nan' / 'NA' label cells. */
  readonly missingLabel: Issue;
  /** Later rows whose trimmed SMILES equals an earlier kept row's; the first occurrence is kept. */
  readonly duplicateSmiles: Issue;
  /** Label cells that are not numbers ('abc'); treated as missing. Not counted in `missingLabel`. */
  readonly badLabel: Issue;
  /** Label cells that are infinite ('inf', '-Infinity') or overflow to it ('1e309'); always left out. */
  readonly nonFiniteLabel: Issue;
}

/** One file of the pool as read: its absolute path, the sha256 of its bytes as stored, its data rows. */
export interface DatasetFile {
  readonly path: string;
  readonly sha256: string;
  readonly rows: number;
}

export interface Dataset {
  /** Absolute path of the file (of several: their paths, comma-separated). */
  readonly path: string;
  /** sha256 of the file bytes as stored (compressed for .csv.gz); of several files, of their digests. */
  readonly sha256: string;
  /** Data rows in the files (header and blank lines not counted). */
  readonly rowsRead: number;
  /** Every file read, in order. */
  readonly files: readonly DatasetFile[];
  /** Kept rows: trimmed SMILES, ids (the id column, or the row number), labels (NaN = no label). */
  readonly smiles: SmilesStore;
  readonly ids: StringColumn;
  readonly labels: Float64Array;
  /** 1-based file line of each kept row. */
  readonly sourceRows: Int32Array;
  /** Index into `files` of each kept row. */
  readonly sourceFiles: Uint16Array;
  /** Whether rows without a label were kept (with NaN) rather than left out. */
  readonly keepUnlabeled: boolean;
  /** True when the file has a label column (false for a computed oracle's SMILES-only file). */
  readonly hasLabels: boolean;
  readonly issues: DatasetIssues;
}

/** Human lines such as `3 rows with empty SMILES left out (rows 4, 9, 12)`; empty when all is well. */
export function describeIssues(dataset: Dataset): string[] {
  const { emptySmiles, missingLabel, badLabel, nonFiniteLabel, duplicateSmiles } = dataset.issues;
  const fate = dataset.keepUnlabeled ? 'kept as failed oracle calls' : 'left out';
  const lines: string[] = [];
  if (emptySmiles.count > 0) {
    lines.push(`${rows(emptySmiles.count)} with empty SMILES left out (${where(emptySmiles)})`);
  }
  if (missingLabel.count > 0) {
    lines.push(`${rows(missingLabel.count)} without a label ${fate} (${where(missingLabel)})`);
  }
  if (badLabel.count > 0) {
    lines.push(`${rows(badLabel.count)} with a label that is not a number ${fate} (${shownValues(badLabel)})`);
  }
  if (nonFiniteLabel.count > 0) {
    lines.push(
      `${rows(nonFiniteLabel.count)} of ${dataset.path} with a label that is not a finite number left out ` +
        `(${shownValues(nonFiniteLabel)})`,
    );
  }
  if (duplicateSmiles.count > 0) {
    lines.push(
      `${rows(duplicateSmiles.count)} repeating an earlier SMILES left out, ` +
        `first occurrence kept (${where(duplicateSmiles)})`,
    );
  }
  return lines;
}

function rows(count: number): string {
  return count === 1 ? '1 row' : `${count} rows`;
}

/** `row 4: "abc", row 9: "1e309", ...` */
function shownValues(issue: Issue): string {
  const more = issue.count > issue.examples.length ? ', ...' : '';
  return `${issue.examples.map((e) => `row ${e.row}: ${JSON.stringify(e.value)}`).join(', ')}${more}`;
}

function where(issue: Issue): string {
  const label = issue.examples.length === 1 ? 'row' : 'rows';
  const more = issue.count > issue.examples.length ? ', ...' : '';
  return `${label} ${issue.examples.map((e) => (e.file === undefined ? e.row : `${e.file}:${e.row}`)).join(', ')}${more}`;
}
