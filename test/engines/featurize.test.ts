import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/shared/errors.js';
import type { BitMatrix, DenseMatrix, FeatureMatrix } from '../../src/shared/features.js';
import { getBit } from '../../src/shared/features.js';
import type { JSMol, RDKitModule } from '../../src/engines/rdkit.js';
import { canonicalSmiles, loadRdkit, parseMol, withMol } from '../../src/engines/rdkit.js';
import { featurizeSmiles, hasExplicitHydrogenAtom } from '../../src/engines/featurize.js';
import { DESCRIPTOR_NAMES } from '../../src/engines/descriptor-names.js';

interface ParityMolecule {
  name: string;
  smiles: string;
  morgan_r2_2048: number[];
  atom_pair_1_3_2048: number[];
  atom_pair_drift?: string;
  atom_pair_1_3_2048_without_iodine?: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/fp-parity.json', import.meta.url), 'utf8')) as {
  rdkit_version: string;
  molecules: ParityMolecule[];
};

const MORGAN = { kind: 'morgan', radius: 2, bits: 2048 } as const;
const ATOM_PAIR = { kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3 } as const;

let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = await loadRdkit();
});

function asBits(m: FeatureMatrix): BitMatrix {
  if (m.kind !== 'bits') throw new Error('expected a bit matrix');
  return m;
}
function asDense(m: FeatureMatrix): DenseMatrix {
  if (m.kind !== 'dense') throw new Error('expected a dense matrix');
  return m;
}
function onBits(m: BitMatrix, row: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < m.bits; j++) if (getBit(m, row, j) === 1) out.push(j);
  return out;
}
function rowBytes(m: BitMatrix, row: number): number[] {
  return Array.from(m.data.subarray(row * m.bytesPerRow, (row + 1) * m.bytesPerRow));
}

describe('rdkit', () => {
  it('loads one memoised instance', async () => {
    expect(await loadRdkit()).toBe(rdkit);
    expect(rdkit.version()).toMatch(/^\d{4}\.\d{2}/);
  });

  it('withMol returns null for invalid, empty and blank SMILES without calling fn', () => {
    let calls = 0;
    for (const s of ['', '   ', 'C1CC', 'not a smiles', 'c1cccc1']) {
      expect(withMol(rdkit, s, () => ++calls)).toBeNull();
    }
    expect(calls).toBe(0);
  });

  it('withMol deletes the Mol after fn, also when fn throws', () => {
    let seen: JSMol | undefined;
    expect(withMol(rdkit, 'CCO', (m) => ((seen = m), m.get_num_atoms()))).toBe(3);
    expect(seen?.isDeleted()).toBe(true);
    let thrown: JSMol | undefined;
    expect(() =>
      withMol(rdkit, 'CCO', (m) => {
        thrown = m;
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(thrown?.isDeleted()).toBe(true);
  });

  it('parseMol explains why', () => {
    expect(parseMol(rdkit, '')).toEqual({ ok: false, message: 'empty SMILES' });
    expect(parseMol(rdkit, 'C1CC')).toEqual({ ok: false, message: 'RDKit could not parse SMILES' });
    expect(canonicalSmiles(rdkit, 'OC1=CC=CC=C1')).toBe('Oc1ccccc1');
  });
});

describe('featurizeSmiles: fingerprints', () => {
  it('packs bits LSB-first: ethanol Morgan r2 is exactly the Python on-bits', () => {
    const m = asBits(featurizeSmiles(rdkit, ['CCO'], MORGAN).matrix);
    expect(m).toMatchObject({ rows: 1, bits: 2048, bytesPerRow: 256 });
    expect(onBits(m, 0)).toEqual([80, 222, 294, 807, 1057, 1410]);
    // bit 80 is byte 10, bit 0; bit 222 is byte 27, bit 6
    expect(m.data[10]).toBe(0b0000_0001);
    expect(m.data[27]).toBe(0b0100_0000);
    expect(m.data.reduce((n, b) => n + popcount(b), 0)).toBe(6);
  });

  it('is deterministic and row-independent', () => {
    const smiles = ['c1ccccc1O', 'CC(=O)Nc1ccc(O)cc1', 'C[C@@H](N)C(=O)O', 'C[N+](C)(C)C.[Cl-]'];
    for (const spec of [MORGAN, ATOM_PAIR]) {
      const a = asBits(featurizeSmiles(rdkit, smiles, spec).matrix);
      const b = asBits(featurizeSmiles(rdkit, smiles, spec).matrix);
      expect(Array.from(a.data)).toEqual(Array.from(b.data));
      const single = asBits(featurizeSmiles(rdkit, [smiles[2] as string], spec).matrix);
      expect(rowBytes(a, 2)).toEqual(rowBytes(single, 0));
    }
  });

  it('reports invalid and empty SMILES, leaves their rows zero and never throws', () => {
    const smiles = ['CCO', '', 'C1CC', 'Xx', 'c1ccccc1'];
    const r = featurizeSmiles(rdkit, smiles, ATOM_PAIR);
    const m = asBits(r.matrix);
    expect(m.rows).toBe(5);
    expect(Array.from(r.valid)).toEqual([1, 0, 0, 0, 1]);
    expect(r.errors.map((e) => e.index)).toEqual([1, 2, 3]);
    expect(r.errors[0]).toEqual({ index: 1, smiles: '', message: 'empty SMILES' });
    expect(r.errors[2]?.smiles).toBe('Xx');
    for (const row of [1, 2, 3]) expect(rowBytes(m, row).every((b) => b === 0)).toBe(true);
    const alone = asBits(featurizeSmiles(rdkit, ['c1ccccc1'], ATOM_PAIR).matrix);
    expect(rowBytes(m, 4)).toEqual(rowBytes(alone, 0));
  });

  it('handles an empty batch', () => {
    const r = featurizeSmiles(rdkit, [], MORGAN);
    expect(r.matrix.rows).toBe(0);
    expect(r.valid.length).toBe(0);
  });

  it('honours atom-pair path lengths (RDKit.js keys minLength/maxLength)', () => {
    const hexane = ['CCCCCC'];
    const short = asBits(featurizeSmiles(rdkit, hexane, { ...ATOM_PAIR, max_length: 1 }).matrix);
    const long = asBits(featurizeSmiles(rdkit, hexane, { ...ATOM_PAIR, max_length: 5 }).matrix);
    // CCCCCC has pairs at distances 1..5; hashed bits grow with the allowed path length.
    expect(onBits(short, 0).length).toBeLessThan(onBits(long, 0).length);
  });

  it('supports other sizes and shared buffers', () => {
    const r = featurizeSmiles(rdkit, ['CCO', 'CCN'], { kind: 'morgan', radius: 1, bits: 100 }, { shared: true });
    const m = asBits(r.matrix);
    expect(m).toMatchObject({ rows: 2, bits: 100, bytesPerRow: 13 });
    expect(m.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(onBits(m, 0).every((b) => b < 100)).toBe(true);
  });

  it('rejects bad specs before any work', () => {
    const bad = [
      { kind: 'morgan', radius: 2, bits: 0 },
      { kind: 'morgan', radius: -1, bits: 2048 },
      { kind: 'morgan', radius: 2, bits: 20.5 },
      { kind: 'atom-pair', bits: 2048, min_length: 3, max_length: 2 },
      { kind: 'atom-pair', bits: 2048, min_length: 0, max_length: 2 },
      { kind: 'descriptors', names: ['NoSuchDescriptor'] },
      { kind: 'descriptors', names: [] },
      { kind: 'descriptors', names: ['tpsa', 'tpsa'] },
    ] as const;
    for (const spec of bad) {
      expect(() => featurizeSmiles(rdkit, ['CCO'], spec)).toThrow(AlcoveError);
      try {
        featurizeSmiles(rdkit, ['CCO'], spec);
      } catch (err) {
        expect((err as AlcoveError).code).toBe('BAD_CONFIG');
      }
    }
  });

  it('fast parsing gives the same bits and validity as the default parse', () => {
    const smiles = [
      ...fixture.molecules.map((m) => m.smiles),
      'C[C@H](F)Cl',
      'F/C=C/F',
      '[H]c1ccccc1',
      '[2H]OC',
      '[Hg+2].[Cl-].[Cl-]',
      'c1cccc1',
      '',
    ];
    for (const spec of [MORGAN, ATOM_PAIR]) {
      const fast = featurizeSmiles(rdkit, smiles, spec);
      const slow = featurizeSmiles(rdkit, smiles, spec, { fastParse: false });
      expect(Array.from(fast.valid)).toEqual(Array.from(slow.valid));
      expect(Array.from(asBits(fast.matrix).data)).toEqual(Array.from(asBits(slow.matrix).data));
    }
  });

  it('recognises explicit hydrogen atoms only', () => {
    for (const s of ['[H]C', '[2H]C', '[H+]', 'C[H]', '[H:1]C']) expect(hasExplicitHydrogenAtom(s), s).toBe(true);
    for (const s of ['[C@@H](C)O', 'c1cc[nH]c1', '[Hg]', '[He]', 'CCO']) {
      expect(hasExplicitHydrogenAtom(s), s).toBe(false);
    }
  });
});

describe('featurizeSmiles: parity with Python RDKit', () => {
  const smiles = fixture.molecules.map((m) => m.smiles);

  it(`Morgan r=2, 2048 bits equals GetMorganFingerprintAsBitVect (RDKit ${fixture.rdkit_version})`, () => {
    expect(smiles.length).toBeGreaterThanOrEqual(25);
    const r = featurizeSmiles(rdkit, smiles, MORGAN);
    expect(r.errors).toEqual([]);
    const m = asBits(r.matrix);
    fixture.molecules.forEach((mol, i) => {
      expect({ name: mol.name, bits: onBits(m, i) }).toEqual({ name: mol.name, bits: mol.morgan_r2_2048 });
    });
  });

  it('atom pairs 1..3, 2048 bits equal GetHashedAtomPairFingerprintAsBitVect', () => {
    const r = featurizeSmiles(rdkit, smiles, ATOM_PAIR);
    expect(r.errors).toEqual([]);
    const m = asBits(r.matrix);
    let exact = 0;
    fixture.molecules.forEach((mol, i) => {
      const bits = onBits(m, i);
      if (mol.atom_pair_drift === undefined) {
        expect({ name: mol.name, bits }).toEqual({ name: mol.name, bits: mol.atom_pair_1_3_2048 });
        exact++;
      } else {
        // Known RDKit fix between versions (iodine atom code): pairs without iodine must still be identical.
        const without = mol.atom_pair_1_3_2048_without_iodine ?? [];
        expect(without.length).toBeGreaterThan(0);
        expect(without.filter((b) => !bits.includes(b))).toEqual([]);
        expect(bits.length).toBe(mol.atom_pair_1_3_2048.length);
      }
    });
    expect(exact).toBeGreaterThanOrEqual(25);
  });
});

describe('featurizeSmiles: descriptors', () => {
  it('returns every documented descriptor, in order, by default', () => {
    const r = featurizeSmiles(rdkit, ['CCO', 'nope', 'c1ccccc1O'], { kind: 'descriptors' });
    const m = asDense(r.matrix);
    expect(m.names).toEqual(DESCRIPTOR_NAMES);
    expect(m.cols).toBe(43);
    expect(m.data.length).toBe(3 * 43);
    expect(Array.from(r.valid)).toEqual([1, 0, 1]);
    expect(Array.from(m.data.subarray(43, 86)).every((v) => v === 0)).toBe(true);
    const col = (name: string) => DESCRIPTOR_NAMES.indexOf(name as (typeof DESCRIPTOR_NAMES)[number]);
    expect(m.data[col('exactmw')]).toBeCloseTo(46.0419, 3);
    expect(m.data[col('NumHeavyAtoms')]).toBe(3);
    expect(m.data[2 * 43 + col('tpsa')]).toBeCloseTo(20.23, 2);
    expect(m.data[2 * 43 + col('NumAromaticRings')]).toBe(1);
  });

  it('returns the chosen descriptors in the chosen order', () => {
    const spec = { kind: 'descriptors', names: ['NumHBD', 'tpsa'] } as const;
    const m = asDense(featurizeSmiles(rdkit, ['c1ccccc1O', 'CC(=O)Nc1ccc(O)cc1'], spec).matrix);
    expect(m).toMatchObject({ rows: 2, cols: 2, names: ['NumHBD', 'tpsa'] });
    expect(Array.from(m.data).map((v) => Math.round(v * 100) / 100)).toEqual([1, 20.23, 2, 49.33]);
  });

  it('matches RDKit get_descriptors for the same molecule', () => {
    const m = asDense(featurizeSmiles(rdkit, ['CN1CCN(CC1)c1ccccc1'], { kind: 'descriptors' }).matrix);
    const direct = withMol(
      rdkit,
      'CN1CCN(CC1)c1ccccc1',
      (mol) => JSON.parse(mol.get_descriptors()) as Record<string, number>,
    );
    expect(direct).not.toBeNull();
    DESCRIPTOR_NAMES.forEach((name, c) => expect(m.data[c]).toBe(direct?.[name]));
  });
});

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x !== 0; x >>= 1) n += x & 1;
  return n;
}

describe('featurizeSmiles: featurizer.max_atoms', () => {
  it('makes a molecule of more heavy atoms bad input, its row zero, and keeps the others', () => {
    for (const spec of [MORGAN, ATOM_PAIR, { kind: 'descriptors', names: ['exactmw'] } as const]) {
      const r = featurizeSmiles(rdkit, ['CCC', 'CCCC', '[H]C([H])([H])C'], { ...spec, max_atoms: 3 });
      expect(Array.from(r.valid)).toEqual([1, 0, 1]);
      expect(r.errors).toEqual([
        { index: 1, smiles: 'CCCC', message: 'molecule has 4 heavy atoms, more than featurizer.max_atoms = 3' },
      ]);
    }
  });

  it('rejects more than 1000 heavy atoms by default, before fingerprinting', () => {
    const r = featurizeSmiles(rdkit, ['C'.repeat(1001), 'C'.repeat(1000)], MORGAN);
    expect(Array.from(r.valid)).toEqual([0, 1]);
    expect(r.errors[0]?.message).toMatch(/1001 heavy atoms, more than featurizer.max_atoms = 1000/);
  });
});
