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

describe('campaign.initial_from with a score column', () => {
  it('imports each molecule with its score, reporting the rows of unknown SMILES', () => {
    const text = 'smiles,pIC50\nCCN,6.5\nOCC,7\nCCO,-1e-3\nCCN,6.5\nC1CC1,8\n';
    const m = matchInitialMolecules(text, 'smiles', pool, meta, 'pIC50');
    expect(m.indices).toEqual([2, 0, 4]);
    expect(m.scores).toEqual([6.5, -0.001, 8]);
    expect(m.missing).toEqual(['OCC']);
    expect(m.missingRows).toEqual([3]);
    expect(m.repeats).toBe(1);
  });

  it('refuses an empty or non-numeric score, or a molecule scored twice differently, naming the row', () => {
    const refusal = (text: string) => {
      try {
        matchInitialMolecules(text, 'smiles', pool, meta, 'y');
      } catch (error) {
        if (isAlcoveError(error)) return `${error.code}: ${error.message}`;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal('smiles,y\nCCN,1\nCCO,abc\n')).toMatch(/^BAD_DATA: .*start\.csv row 3: score_column 'y' is 'abc'/);
    expect(refusal('smiles,y\nCCN,\n')).toMatch(/row 2: score_column 'y' is empty/);
    expect(refusal('smiles,y\nCCN,inf\n')).toMatch(/row 2: .*not a finite number/);
    expect(refusal('smiles,y\nCCN,1\nCCN,2\n')).toMatch(/row 3: 'CCN' was scored 1 in row 2 and 2 here/);
    expect(refusal('smiles,z\nCCN,1\n')).toMatch(/^BAD_CONFIG: .*no column 'y'/);
  });
});
