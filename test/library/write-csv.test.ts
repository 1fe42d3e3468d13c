import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryCsv, writeLibraryCsv } from '../../src/library/write-csv.js';
import { csvField } from '../../src/shared/csv.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alcove-library-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows = [
  { id: 'A001-N001', smiles: 'CNC(=O)c1ccccc1', acid: 'benzoic', amine: 'methylamine' },
  {
    id: 'A007-N020',
    smiles: 'O=C(NCC(F)(F)F)c1ccc(Cl)cc1Cl',
    acid: '2,4-diCl-benzoic',
    amine: '2,2,2-trifluoroethylamine',
  },
];

describe('library CSV', () => {
  it('quotes fields only when needed', () => {
    expect(csvField('benzoic')).toBe('benzoic');
    expect(csvField('2,4-diCl')).toBe('"2,4-diCl"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("4'-CF3")).toBe("4'-CF3");
  });

  it('renders header and rows', () => {
    expect(libraryCsv(rows)).toBe(
      'id,smiles,acid,amine\n' +
        'A001-N001,CNC(=O)c1ccccc1,benzoic,methylamine\n' +
        'A007-N020,O=C(NCC(F)(F)F)c1ccc(Cl)cc1Cl,"2,4-diCl-benzoic","2,2,2-trifluoroethylamine"\n',
    );
  });

  it('writes atomically into new folders and overwrites, leaving no temp files', async () => {
    const path = join(dir, 'nested', 'library.csv');
    await writeLibraryCsv(rows.slice(0, 1), path);
    await writeLibraryCsv(rows, path);
    expect(await readFile(path, 'utf8')).toBe(libraryCsv(rows));
    expect(await readdir(join(dir, 'nested'))).toEqual(['library.csv']);
  });

  it('fails without leaving a temp file when the target is a folder', async () => {
    await expect(writeLibraryCsv(rows, dir)).rejects.toThrow();
    const leftovers = (await readdir(join(dir, '..'))).filter((f) => f.startsWith(`${dir.split('/').at(-1)}.`));
    expect(leftovers).toEqual([]);
  });
});
