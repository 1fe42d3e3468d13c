/** Data a campaign cannot use: reported and skipped by row, or refused at load naming the file and column. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { datasetFromCsv, describeIssues, loadDataset } from '../../src/data/load-dataset.js';
import type { Dataset, DatasetSpec } from '../../src/data/load-dataset.js';
import { prepareDataset } from '../../src/data/prepare-dataset.js';
import { readFailureReason } from '../../src/shared/read-input-file.js';
import { columnToArray } from '../../src/shared/smiles-store.js';

const spec = (path: string, extra: Partial<DatasetSpec> = {}): DatasetSpec => ({
  path,
  smiles_column: 'smiles',
  label_column: 'y',
  keep_unlabeled: false,
  ...extra,
});
const META = { path: '/data/x.csv', sha256: '0'.repeat(64) };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-hostile-data-'));
  await mkdir(join(dir, 'folder.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('non-finite labels', () => {
  const csv = ['smiles,y', 'C,1', 'CC,1e309', 'CCC,inf', 'CCCC,-Infinity', 'CCCCC,+INF', 'CCO,2', 'CCN,-1e999'].join(
    '\n',
  );

  it('are left out and reported by file and row, even with keep_unlabeled', () => {
    for (const keep of [false, true]) {
      const d = datasetFromCsv(csv, spec(META.path, { keep_unlabeled: keep }), META);
      expect(columnToArray(d.smiles)).toEqual(['C', 'CCO']);
      expect(Array.from(d.labels)).toEqual([1, 2]);
      expect(d.issues.nonFiniteLabel.count).toBe(5);
      expect(d.issues.badLabel.count).toBe(0);
      expect(describeIssues(d)).toEqual([
        '5 rows of /data/x.csv with a label that is not a finite number left out ' +
          '(row 3: "1e309", row 4: "inf", row 5: "-Infinity", row 6: "+INF", row 8: "-1e999")',
      ]);
    }
  });

  it('keeps NaN what it was: a missing label', () => {
    const d = datasetFromCsv('smiles,y\nC,NaN\nCC,1\n', spec(META.path), META);
    expect(d.issues.missingLabel.count).toBe(1);
    expect(d.issues.nonFiniteLabel.count).toBe(0);
  });
});

describe('labels a campaign cannot learn from, refused at load', () => {
  async function prepare(csv: string, yaml: string): Promise<unknown> {
    const path = join(dir, `d${Math.random().toString(36).slice(2)}.csv`);
    await writeFile(path, csv);
    const { config } = parseConfigText(`dataset: { path: ${path}, label_column: y }\n${yaml}`, 'c.yaml');
    return prepareDataset(config, join(dir, 'artifacts'));
  }

  it('a classification campaign whose labels are all one class, naming the column and the class', async () => {
    await expect(prepare('smiles,y\nC,1\nCC,1\nCCC,1\n', 'task: classification\n')).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: expect.stringMatching(
        /d\w+\.csv: column "y" \(dataset\.label_column\): all 3 labels are class 1, none is class 0/,
      ) as unknown,
    });
  });

  it('classification labels other than 0 and 1, naming the row', async () => {
    await expect(prepare('smiles,y\nC,1\nCC,0\nCCC,2\n', 'task: classification\n')).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: expect.stringMatching(/column "y" \(dataset\.label_column\), row 4: label 2 is not 0 or 1/) as unknown,
    });
  });

  it('a regression campaign whose labels are all equal (refused: the top-k would be trivially perfect)', async () => {
    await expect(prepare('smiles,y\nC,0.5\nCC,0.5\nCCC,5e-1\n', '')).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: expect.stringMatching(
        /column "y" \(dataset\.label_column\): all 3 labels are 0\.5; a regression/,
      ) as unknown,
    });
  });

  it('accepts both classes, and varied regression labels', async () => {
    const both = (await prepare('smiles,y\nC,1\nCC,0\n', 'task: classification\n')) as Dataset;
    expect(columnToArray(both.smiles)).toEqual(['C', 'CC']);
    const varied = (await prepare('smiles,y\nC,1\nCC,2\n', '')) as Dataset;
    expect(columnToArray(varied.smiles)).toEqual(['C', 'CC']);
  });
});

describe('dataset paths that are not readable files', () => {
  it('names a folder', async () => {
    await expect(loadDataset(spec(join(dir, 'folder.csv')))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `dataset file is a folder, not a file: ${join(dir, 'folder.csv')}`,
    });
  });

  it('names a path under a file', async () => {
    const under = join(dir, 'file.csv', 'x.csv');
    await writeFile(join(dir, 'file.csv'), 'smiles\n');
    await expect(loadDataset(spec(under))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `dataset file not found (a part of its path is a file, not a folder): ${under}`,
    });
  });

  it('says permission denied for EACCES (also where root reads everything)', () => {
    expect(readFailureReason(Object.assign(new Error('EACCES'), { code: 'EACCES' }))).toBe(
      'not readable (permission denied)',
    );
  });

  it.skipIf(process.getuid?.() === 0)('names a file without read permission', async () => {
    const path = join(dir, 'secret.csv');
    await writeFile(path, 'smiles,y\nC,1\n', { mode: 0o000 });
    await expect(loadDataset(spec(path))).rejects.toMatchObject({
      code: 'BAD_DATA',
      message: `dataset file not readable (permission denied): ${path}`,
    });
  });
});
