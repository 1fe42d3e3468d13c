import { beforeAll, describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/shared/errors.js';
import type { RDKitModule } from '../../src/engines/rdkit.js';
import { loadRdkit } from '../../src/engines/rdkit.js';
import {
  DESIRABILITY_FLOOR,
  DESIRABILITY_TERMS,
  computeDesirability,
  desirabilityFromDescriptors,
  piecewiseLinear,
} from '../../src/engines/desirability.js';

let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = await loadRdkit();
});

/** Every descriptor at its peak. */
const IDEAL = {
  CrippenClogP: 2.5,
  exactmw: 340,
  tpsa: 60,
  NumHBD: 1,
  NumHBA: 3,
  NumRotatableBonds: 3,
  NumAromaticRings: 2,
  FractionCSP3: 0.5,
};

/** Paracetamol's RDKit descriptors (checked against RDKit.js 2026.09). */
const PARACETAMOL = {
  CrippenClogP: 1.3506,
  exactmw: 151.0633,
  tpsa: 49.33,
  NumHBD: 2,
  NumHBA: 2,
  NumRotatableBonds: 1,
  NumAromaticRings: 1,
  FractionCSP3: 0.125,
};

describe('piecewiseLinear', () => {
  const pts = [
    [0, 0.8],
    [1, 1],
    [3, 0.2],
  ] as const;
  it('interpolates and holds the ends', () => {
    expect(piecewiseLinear(pts, -5)).toBe(0.8);
    expect(piecewiseLinear(pts, 0.5)).toBeCloseTo(0.9, 12);
    expect(piecewiseLinear(pts, 1)).toBe(1);
    expect(piecewiseLinear(pts, 2)).toBeCloseTo(0.6, 12);
    expect(piecewiseLinear(pts, 9)).toBe(0.2);
  });
});

describe('desirabilityFromDescriptors', () => {
  it('is 1 at every peak', () => {
    expect(desirabilityFromDescriptors(IDEAL)).toBeCloseTo(1, 12);
  });

  it('is the weighted geometric mean with a floor: one logP far out gives 0.02^(2/10.5)', () => {
    const totalWeight = DESIRABILITY_TERMS.reduce((s, t) => s + t.weight, 0);
    expect(totalWeight).toBe(10.5);
    expect(desirabilityFromDescriptors({ ...IDEAL, CrippenClogP: 9 })).toBeCloseTo(
      DESIRABILITY_FLOOR ** (2 / 10.5),
      12,
    );
    expect(desirabilityFromDescriptors({ ...IDEAL, CrippenClogP: 9 })).toBeCloseTo(0.474664, 5);
  });

  it('matches a hand computation for paracetamol', () => {
    // d: logP 1.3506/2.5, MW < 180 → floor, TPSA (49.33-10)/50, HBD 0.6, HBA 0.5+0.5·2/3, RotB 0.6+0.4/3,
    // aromatic rings 0.7, Fsp3 0.3+0.7·0.25 — weights 2, 1.5, 2, 1.5, 0.5, 1, 1, 1.
    expect(desirabilityFromDescriptors(PARACETAMOL)).toBeCloseTo(0.391438, 5);
  });

  it('throws BAD_INPUT for a missing or non-finite descriptor', () => {
    const { tpsa: _omit, ...noTpsa } = IDEAL;
    expect(() => desirabilityFromDescriptors(noTpsa)).toThrow(AlcoveError);
    expect(() => desirabilityFromDescriptors({ ...IDEAL, exactmw: Number.NaN })).toThrow(/exactmw/);
  });
});

describe('computeDesirability', () => {
  const leadLike = 'CS(=O)(=O)Nc1ccc(C(=O)N2CCC(C(F)(F)F)CC2)cc1'; // 350 Da, logP 2.5, TPSA 66
  const greasy600 = 'CCCCCCCCCCCCCCCCCC(=O)N(Cc1ccc(Cl)cc1Cl)Cc1ccc(C(F)(F)F)cc1'; // 599 Da, logP 11.8
  const polarPeptide = 'NCC(=O)NCC(=O)NCC(O)=O'; // logP -2.7, TPSA 122, 4 HBD

  it('ranks a lead-like amide above greasy and over-polar molecules', () => {
    const { values, errors } = computeDesirability(rdkit, [leadLike, greasy600, polarPeptide, 'CC(=O)Nc1ccc(O)cc1']);
    expect(errors).toEqual([]);
    const [lead, greasy, polar, paracetamol] = Array.from(values) as [number, number, number, number];
    expect(lead).toBeGreaterThan(0.85);
    expect(greasy).toBeLessThan(0.25);
    expect(polar).toBeLessThan(0.25);
    expect(lead).toBeGreaterThan(paracetamol);
    expect(paracetamol).toBeGreaterThan(greasy);
    expect(paracetamol).toBeCloseTo(0.3914, 3);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('gives NaN and an error for invalid SMILES, keeping the others', () => {
    const { values, errors } = computeDesirability(rdkit, ['C1CC', leadLike, '']);
    expect(Number.isNaN(values[0])).toBe(true);
    expect(Number.isNaN(values[2])).toBe(true);
    expect(values[1]).toBeGreaterThan(0.85);
    expect(errors.map((e) => [e.index, e.smiles])).toEqual([
      [0, 'C1CC'],
      [2, ''],
    ]);
  });
});
