/** The datasets a sweep's runs share: parsed once per file, read again when the file changes. */
import { linkSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedDatasets } from '../../src/data/shared-datasets.js';
import { loadDataset, type DatasetSpec } from '../../src/data/load-dataset.js';
import { columnToArray } from '../../src/shared/smiles-store.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'alcove-shared-datasets-')));

const CSV = 'id,smiles,y\na,CCO,1\nb,CCN,2\nc,CCC,x\n';
const spec = (path: string, extra: Partial<DatasetSpec> = {}): DatasetSpec => ({
  path,
  smiles_column: 'smiles',
  label_column: 'y',
  id_column: 'id',
  keep_unlabeled: false,
  ...extra,
});

describe('createSharedDatasets', () => {
  it('parses a file once for every run, each given the path it asked for', async () => {
    const file = join(tmp(), 'pool.csv');
    writeFileSync(file, CSV);
    const cache = createSharedDatasets();
    const [one, two] = await Promise.all([cache.load(spec(file)), cache.load(spec(file))]);
    expect(two?.smiles).toBe(one?.smiles); // one parse, shared
    // A sweep links the built-in library into each run's folder: the same file under another name.
    mkdirSync(join(dir, 'run-2'));
    const linked = join(dir, 'run-2', 'pool.csv');
    linkSync(file, linked);
    const three = await cache.load(spec(linked));
    expect(three.smiles).toBe(one?.smiles);
    expect(three.path).toBe(linked);
    expect(three.files.map((f) => f.path)).toEqual([linked]);
    // As if read from the link: everything but the shared arrays' identity.
    const direct = await loadDataset(spec(linked));
    const plain = (d: typeof direct) => ({ ...d, smiles: columnToArray(d.smiles), ids: columnToArray(d.ids) });
    expect(plain(three)).toEqual(plain(direct));
  });

  it('reads again when the bytes change, even at the same size and modification time', async () => {
    const file = join(tmp(), 'pool.csv');
    writeFileSync(file, CSV);
    const cache = createSharedDatasets();
    const before = await cache.load(spec(file));
    const when = new Date('2026-01-01T00:00:00Z');
    utimesSync(file, when, when);
    const touched = await cache.load(spec(file));
    expect(touched.smiles).toBe(before.smiles); // the same bytes: no need to parse them again
    writeFileSync(file, CSV.replace('CCO', 'CCS'));
    utimesSync(file, when, when); // same size and mtime as before: only the change time tells
    const changed = await cache.load(spec(file));
    expect(columnToArray(changed.smiles)).toEqual(['CCS', 'CCN']);
    expect(changed.sha256).not.toBe(before.sha256);
  });

  it('keys by how the file is read, and keeps no failed read', async () => {
    const file = join(tmp(), 'pool.csv');
    writeFileSync(file, CSV);
    const cache = createSharedDatasets();
    const labeled = await cache.load(spec(file));
    const all = await cache.load(spec(file, { keep_unlabeled: true }));
    expect(labeled.smiles.length).toBe(2);
    expect(all.smiles.length).toBe(3);
    const bad = spec(file, { smiles_column: 'nope' });
    await expect(cache.load(bad)).rejects.toThrow(/nope/);
    await expect(cache.load(bad)).rejects.toThrow(/nope/);
    await expect(cache.load(spec(join(dir, 'missing.csv')))).rejects.toThrow(/missing\.csv/);
  });

  it('drops the least recently used dataset beyond its size', async () => {
    tmp();
    const files = ['a.csv', 'b.csv', 'c.csv'].map((name) => {
      writeFileSync(join(dir, name), CSV);
      return join(dir, name);
    });
    const cache = createSharedDatasets(2);
    const [a, b] = [await cache.load(spec(files[0] as string)), await cache.load(spec(files[1] as string))];
    expect((await cache.load(spec(files[0] as string))).smiles).toBe(a.smiles); // a is now the newest
    await cache.load(spec(files[2] as string)); // drops b
    expect((await cache.load(spec(files[0] as string))).smiles).toBe(a.smiles);
    expect((await cache.load(spec(files[1] as string))).smiles).not.toBe(b.smiles);
  });
});
