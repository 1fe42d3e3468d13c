import { beforeAll, describe, expect, it } from 'vitest';
import type { RDKitModule } from '../../src/engines/rdkit.js';
import { canonicalSmiles, loadRdkit } from '../../src/engines/rdkit.js';
import { ACIDS, AMINES } from '../../src/library/building-blocks.js';
import type { LibraryRow } from '../../src/library/enumerate.js';
import { acidCode, amineCode, enumerateAmideLibrary } from '../../src/library/enumerate.js';

let rdkit: RDKitModule;
let rows: LibraryRow[];
beforeAll(async () => {
  rdkit = await loadRdkit();
  rows = enumerateAmideLibrary(rdkit);
});

describe('enumerateAmideLibrary', () => {
  it('has at least 3,000 products (all 70 × 70 pairs are distinct)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(3000);
    expect(rows.length).toBe(ACIDS.length * AMINES.length);
  });

  it('is in acid-major order with ids A###-N### and block names', () => {
    expect(rows[0]).toEqual({ id: 'A001-N001', smiles: 'CNC(=O)c1ccccc1', acid: 'benzoic', amine: 'methylamine' });
    expect(rows[1]?.id).toBe('A001-N002');
    expect(rows[AMINES.length]?.id).toBe('A002-N001');
    expect(rows.at(-1)?.id).toBe(`${acidCode(ACIDS.length - 1)}-${amineCode(AMINES.length - 1)}`);
    expect(acidCode(11)).toBe('A012');
    expect(amineCode(33)).toBe('N034');
    const ids = rows.map((r) => r.id);
    expect(ids.every((id) => /^A\d{3}-N\d{3}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    const row = rows.find((r) => r.id === 'A047-N030');
    expect(row).toMatchObject({ acid: 'acetic', amine: 'morpholine', smiles: 'CC(=O)N1CCOCC1' });
  });

  it('holds unique, valid, canonical SMILES', () => {
    expect(new Set(rows.map((r) => r.smiles)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const notCanonical = rows.filter((r) => canonicalSmiles(rdkit, r.smiles) !== r.smiles);
    expect(notCanonical).toEqual([]);
  });

  it('is deterministic', () => {
    expect(enumerateAmideLibrary(rdkit)).toEqual(rows);
  });

  it('dedupes by canonical SMILES, keeping the first pair', () => {
    const blocks = {
      acids: [
        { name: 'benzoic', smiles: 'OC(=O)c1ccccc1' },
        { name: 'benzoic-kekule', smiles: 'OC(=O)C1=CC=CC=C1' },
      ],
      amines: [{ name: 'morpholine', smiles: 'N1CCOCC1' }],
    };
    expect(enumerateAmideLibrary(rdkit, blocks)).toEqual([
      { id: 'A001-N001', smiles: 'O=C(c1ccccc1)N1CCOCC1', acid: 'benzoic', amine: 'morpholine' },
    ]);
  });
});
