import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadInitialMolecules, matchInitialMolecules } from '../../src/data/initial-molecules.js';
import { isAlcoveError } from '../../src/shared/errors.js';

const pool = ['CCO', 'c1ccccc1', 'CCN', 'CCO', 'C1CC1'];
const meta = { path: 'start.csv', sha256: 'x' };

describe('campaign.initial_from', () => {
  it('matches SMILES as written, in file order; skips unknown ones and counts repeats once', () => {
    const m = matchInitialMolecules('id,smiles\na,CCN\nb,OCC\nc,CCO\nd,CCN\ne,\nf,C1CC1\n', 'smiles', pool, meta);
    // CCO appears twice in the pool: its first row is the one the dataset keeps.
    expect(m.indices).toEqual([2, 0, 4]);
    expect(m.missing).toEqual(['OCC']);
    expect(m.repeats).toBe(1);
  });

  it('refuses a missing column or a file that names no pool molecule, naming the file', () => {
    const fail = (text: string, column: string) => {
      try {
        matchInitialMolecules(text, column, pool, meta);
      } catch (error) {
        return isAlcoveError(error) ? `${error.code}: ${error.message}` : 'not an AlcoveError';
      }
      return 'no error';
    };
    expect(fail('smi\nCCO\n', 'smiles')).toMatch(
      /^BAD_CONFIG: campaign.initial_from: start.csv has no column 'smiles' \(columns: smi\)/,
    );
    expect(fail('smiles\nOCC\nNCC\n', 'smiles')).toMatch(
      /^BAD_CONFIG: .*none of the 2 SMILES in column 'smiles' of start.csv/,
    );
  });

  it('reads plain and gzipped files, and names an unreadable one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alcove-initial-'));
    writeFileSync(join(dir, 'a.csv'), 'smiles\nC1CC1\n');
    writeFileSync(join(dir, 'a.csv.gz'), gzipSync('smiles\nCCN\n'));
    expect((await loadInitialMolecules(join(dir, 'a.csv'), 'smiles', pool)).indices).toEqual([4]);
    expect((await loadInitialMolecules(join(dir, 'a.csv.gz'), 'smiles', pool)).indices).toEqual([2]);
    await expect(loadInitialMolecules(join(dir, 'none.csv'), 'smiles', pool)).rejects.toThrow(
      /campaign.initial_from: cannot read .*none.csv/,
    );
  });
});
