import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeIssues, loadDataset } from '../../src/data/load-dataset.js';
import type { DatasetSpec } from '../../src/data/load-dataset.js';
import { sha256 } from '../../src/shared/hash.js';
import { columnToArray } from '../../src/shared/smiles-store.js';

// Line numbers (header = line 1) are in the comments.
const CSV = [
  'name,smiles,y', //              1
  'a,CCO ,1.5', //                 2  trailing space
  'b,,2', //                       3  empty SMILES
  'c,c1ccccc1,', //                4  missing label
  'd,CCN,abc', //                  5  bad label
  'e,CCO,3', //                    6  duplicate of row 2
  'f,  ,4', //                     7  blank SMILES
  'g,CCC,NA', //                   8  missing label
  'h,"C(=O)O",-2e-1', //           9
  'i,CCCl,nan', //                 10 missing label
  '', //                                blank line, skipped
  'j,CCBr,0', //                   12
].join('\r\n');

const spec = (path: string, extra: Partial<DatasetSpec> = {}): DatasetSpec => ({
  path,
  smiles_column: 'smiles',
  label_column: 'y',
  id_column: 'name',
  keep_unlabeled: false,
  ...extra,
});

let dir = '';
let csvPath = '';
let gzPath = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-data-'));
  csvPath = join(dir, 'mols.csv');
  gzPath = join(dir, 'mols.csv.gz');
  await writeFile(csvPath, CSV);
  await writeFile(gzPath, gzipSync(Buffer.from(CSV)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadDataset', () => {
  it('keeps labelled, non-empty, first-occurrence rows with trimmed SMILES', async () => {
    const d = await loadDataset(spec(csvPath));
    expect(d.path).toBe(csvPath);
    expect(d.rowsRead).toBe(10);
    expect(columnToArray(d.smiles)).toEqual(['CCO', 'C(=O)O', 'CCBr']);
    expect(columnToArray(d.ids)).toEqual(['a', 'h', 'j']);
    expect(Array.from(d.labels)).toEqual([1.5, -0.2, 0]);
    expect(Array.from(d.sourceRows)).toEqual([2, 9, 12]);
    expect(d.hasLabels).toBe(true);
  });

  it('reports what it left out, with up to 5 examples', async () => {
    const { issues } = await loadDataset(spec(csvPath));
    expect(issues.emptySmiles).toEqual({
      count: 2,
      examples: [
        { row: 3, id: 'b', value: '' },
        { row: 7, id: 'f', value: '  ' },
      ],
    });
    expect(issues.missingLabel.count).toBe(3);
    expect(issues.missingLabel.examples.map((e) => [e.row, e.value])).toEqual([
      [4, ''],
      [8, 'NA'],
      [10, 'nan'],
    ]);
    expect(issues.badLabel).toEqual({ count: 1, examples: [{ row: 5, id: 'd', value: 'abc' }] });
    expect(issues.duplicateSmiles).toEqual({ count: 1, examples: [{ row: 6, id: 'e', value: 'CCO' }] });
  });

  it('keeps unlabelled rows with NaN when asked', async () => {
    const d = await loadDataset(spec(csvPath, { keep_unlabeled: true }));
    expect(columnToArray(d.ids)).toEqual(['a', 'c', 'd', 'g', 'h', 'i', 'j']);
    expect(Array.from(d.labels).map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([
      1.5,
      'NaN',
      'NaN',
      'NaN',
      -0.2,
      'NaN',
      0,
    ]);
    expect(d.issues.missingLabel.count).toBe(3);
    expect(d.issues.badLabel.count).toBe(1);
  });

  it('uses row numbers as ids and NaN labels without id and label columns', async () => {
    const d = await loadDataset(spec(csvPath, { id_column: undefined, label_column: undefined }));
    expect(columnToArray(d.ids)).toEqual(['2', '4', '5', '8', '9', '10', '12']);
    expect(d.labels.every((v) => Number.isNaN(v))).toBe(true);
    expect(d.hasLabels).toBe(false);
    expect(d.issues.missingLabel.count).toBe(0);
    expect(d.issues.duplicateSmiles.count).toBe(1);
  });

  it('reads .csv.gz the same, hashing the bytes as stored', async () => {
    const plain = await loadDataset(spec(csvPath));
    const gz = await loadDataset(spec(gzPath));
    expect(columnToArray(gz.smiles)).toEqual(columnToArray(plain.smiles));
    expect(gz.sourceRows).toEqual(plain.sourceRows);
    expect(plain.sha256).toBe(sha256(Buffer.from(CSV)));
    expect(gz.sha256).toBe(sha256(gzipSync(Buffer.from(CSV))));
  });

  it('describes the issues in human lines', async () => {
    expect(describeIssues(await loadDataset(spec(csvPath)))).toEqual([
      '2 rows with empty SMILES left out (rows 3, 7)',
      '3 rows without a label left out (rows 4, 8, 10)',
      '1 row with a label that is not a number left out (row 5: "abc")',
      '1 row repeating an earlier SMILES left out, first occurrence kept (row 6)',
    ]);
    expect(describeIssues(await loadDataset(spec(csvPath, { keep_unlabeled: true })))[1]).toBe(
      '3 rows without a label kept as failed oracle calls (rows 4, 8, 10)',
    );
  });

  it('limits examples to 5 and says there are more', async () => {
    const path = join(dir, 'many.csv');
    await writeFile(path, `smiles,y\n${Array.from({ length: 8 }, () => ',1').join('\n')}\nC,1\n`);
    const d = await loadDataset(spec(path, { id_column: undefined }));
    expect(d.issues.emptySmiles.count).toBe(8);
    expect(d.issues.emptySmiles.examples.map((e) => e.row)).toEqual([2, 3, 4, 5, 6]);
    expect(describeIssues(d)).toEqual(['8 rows with empty SMILES left out (rows 2, 3, 4, 5, 6, ...)']);
  });

  it('names a missing column, the file and the columns it has', async () => {
    await expect(loadDataset(spec(csvPath, { label_column: 'score' }))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `no column "score" (dataset.label_column) in ${csvPath}; it has: "name", "smiles", "y"`,
    });
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'nope.csv');
    await expect(loadDataset(spec(missing))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: expect.stringContaining(missing) as unknown,
    });
  });

  it('rejects a row with the wrong number of fields and duplicate ids, naming the row', async () => {
    const ragged = join(dir, 'ragged.csv');
    await writeFile(ragged, 'smiles,y\nC,1\nCC,2,3\n');
    await expect(loadDataset(spec(ragged, { id_column: undefined }))).rejects.toThrow(
      `${ragged}: row 3 has 3 fields, the header has 2`,
    );
    const dupIds = join(dir, 'dup-ids.csv');
    await writeFile(dupIds, 'id,smiles,y\nm1,C,1\nm1,CC,2\n');
    await expect(loadDataset(spec(dupIds, { id_column: 'id' }))).rejects.toThrow(/id "m1" is on rows 2 and 3/);
  });

  it('prefixes CSV syntax errors with the file', async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'smiles,y\n"C,1\n');
    await expect(loadDataset(spec(bad, { id_column: undefined }))).rejects.toThrow(
      `${bad}: line 2: a quoted field is never closed`,
    );
  });
});

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sharedDatasets = resolve(repoRoot, '..', 'shared', 'datasets');
const esolPath = join(sharedDatasets, 'delaney-processed.csv');

describe.skipIf(!existsSync(esolPath))('ESOL from the shared data sets', () => {
  it('reads 1,128 rows, trims SMILES and keeps the first of 5 duplicates', async () => {
    const d = await loadDataset({
      path: esolPath,
      smiles_column: 'smiles',
      label_column: 'measured log solubility in mols per litre',
      id_column: 'Compound ID',
      keep_unlabeled: false,
    });
    expect(d.rowsRead).toBe(1128);
    expect(d.issues.duplicateSmiles.count).toBe(5);
    expect(d.smiles).toHaveLength(1123);
    expect(columnToArray(d.smiles).every((s) => s === s.trim() && s !== '')).toBe(true);
    expect(d.ids.at(0)).toBe('Amigdalin');
    expect(d.labels[0]).toBe(-0.77);
    expect(d.smiles.at(0)).toBe('OCC3OC(OCC2OC(OC(C#N)c1ccccc1)C(O)C(O)C2O)C(O)C(O)C3O');
  });
});
if (!existsSync(esolPath)) {
  describe('ESOL from the shared data sets', () => {
    it.skip(`skipped: ${esolPath} not found (public data sets live beside the checkout, not in it)`, () => {});
  });
}
