/**
 * The computed oracle of Alcove's built-in amide library: a multi-parameter desirability in [0, 1] for an
 * orally available, CNS-penetrant *lead* (profile after Wager et al.'s CNS MPO, ACS Chem. Neurosci. 2010,
 * and lead-likeness: Teague 1999, Congreve's rule of three for the lower end), from RDKit.js
 * `get_descriptors()`.
 *
 * Each property x gets a Derringer-style desirability d(x) in [0, 1]: piecewise-linear between the control
 * points below (flat outside them), one peak per property, so that values vary continuously instead of
 * tying on a plateau. Every d is floored at 0.02 (a single bad property cannot zero the score and erase the
 * ranking among poor molecules); the score is the weighted geometric mean exp(Σ wᵢ ln dᵢ / Σ wᵢ), so a
 * molecule must be acceptable on every axis to score high.
 *
 * | descriptor (RDKit.js)  | control points (x → d)                        | weight | why                         |
 * |------------------------|-----------------------------------------------|--------|-----------------------------|
 * | CrippenClogP           | 0 → 0, 2.5 → 1, 5 → 0                         | 2      | CNS sweet spot logP 2–3     |
 * | exactmw (Da)           | 180 → 0, 340 → 1, 480 → 0                     | 1.5    | lead-like, room to grow     |
 * | tpsa (Å²)              | 10 → 0, 60 → 1, 110 → 0                       | 2      | BBB: TPSA 40–90             |
 * | NumHBD                 | 0 → 0.8, 1 → 1, 3 → 0.2, 4 → 0                | 1.5    | CNS: HBD ≤ 1 best           |
 * | NumHBA                 | 0 → 0.5, 3 → 1, 7 → 0.3, 10 → 0               | 0.5    | solubility vs permeability  |
 * | NumRotatableBonds      | 0 → 0.6, 3 → 1, 7 → 0.4, 10 → 0               | 1      | flexibility ≤ 7             |
 * | NumAromaticRings       | 0 → 0.4, 2 → 1, 3 → 0.7, 5 → 0                | 1      | ≤ 3 aromatic rings          |
 * | FractionCSP3           | 0 → 0.3, 0.5 → 1, 1 → 0.6                     | 1      | escape from flatland        |
 *
 * On the built-in library (4,900 amides, measured when this was written) this gives min 0.14,
 * quartiles 0.51 / 0.63 / 0.71, max 0.93, 99th percentile 0.86, ~4,400 distinct values (ties are
 * regioisomers with equal descriptors); the top 1% mixes many acids and amines, so finding it takes a
 * model, not one building block.
 */
import { AlcoveError } from '../shared/errors.js';
import { readDescriptors } from './descriptor-names.js';
import type { RDKitModule } from './rdkit.js';
import { parseMol } from './rdkit.js';

export type ControlPoints = readonly (readonly [x: number, d: number])[];

export interface DesirabilityTerm {
  readonly descriptor: string;
  readonly weight: number;
  /** Sorted by x; d is interpolated linearly between points and held constant outside them. */
  readonly points: ControlPoints;
}

export const DESIRABILITY_FLOOR = 0.02;

export const DESIRABILITY_TERMS: readonly DesirabilityTerm[] = [
  {
    descriptor: 'CrippenClogP',
    weight: 2,
    points: [
      [0, 0],
      [2.5, 1],
      [5, 0],
    ],
  },
  {
    descriptor: 'exactmw',
    weight: 1.5,
    points: [
      [180, 0],
      [340, 1],
      [480, 0],
    ],
  },
  {
    descriptor: 'tpsa',
    weight: 2,
    points: [
      [10, 0],
      [60, 1],
      [110, 0],
    ],
  },
  {
    descriptor: 'NumHBD',
    weight: 1.5,
    points: [
      [0, 0.8],
      [1, 1],
      [3, 0.2],
      [4, 0],
    ],
  },
  {
    descriptor: 'NumHBA',
    weight: 0.5,
    points: [
      [0, 0.5],
      [3, 1],
      [7, 0.3],
      [10, 0],
    ],
  },
  {
    descriptor: 'NumRotatableBonds',
    weight: 1,
    points: [
      [0, 0.6],
      [3, 1],
      [7, 0.4],
      [10, 0],
    ],
  },
  {
    descriptor: 'NumAromaticRings',
    weight: 1,
    points: [
      [0, 0.4],
      [2, 1],
      [3, 0.7],
      [5, 0],
    ],
  },
  {
    descriptor: 'FractionCSP3',
    weight: 1,
    points: [
      [0, 0.3],
      [0.5, 1],
      [1, 0.6],
    ],
  },
];

/** Piecewise-linear interpolation through `points` (constant beyond the ends). */
export function piecewiseLinear(points: ControlPoints, x: number): number {
  const first = points[0];
  if (first === undefined) throw new AlcoveError('INTERNAL', 'desirability term without control points');
  if (x <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, d1] = points[i] as readonly [number, number];
    const [x0, d0] = points[i - 1] as readonly [number, number];
    if (x <= x1) return d0 + ((d1 - d0) * (x - x0)) / (x1 - x0);
  }
  return (points[points.length - 1] as readonly [number, number])[1];
}

/**
 * The desirability of one molecule from its `get_descriptors()` record. Throws `BAD_INPUT` when a needed
 * descriptor is missing or not finite.
 */
export function desirabilityFromDescriptors(d: Readonly<Record<string, number>>): number {
  let sum = 0;
  let weights = 0;
  for (const term of DESIRABILITY_TERMS) {
    const x = d[term.descriptor];
    if (x === undefined || !Number.isFinite(x)) {
      throw new AlcoveError('BAD_INPUT', `descriptor '${term.descriptor}' is missing or not finite`);
    }
    const di = Math.min(1, Math.max(DESIRABILITY_FLOOR, piecewiseLinear(term.points, x)));
    sum += term.weight * Math.log(di);
    weights += term.weight;
  }
  return Math.exp(sum / weights);
}

export interface DesirabilityResult {
  /** One value per input; NaN where the SMILES was invalid. */
  readonly values: Float64Array;
  readonly errors: { index: number; smiles: string; message: string }[];
}

/** Desirability of each SMILES; invalid input gives NaN and an error entry, never a throw. */
export function computeDesirability(rdkit: RDKitModule, smiles: readonly string[]): DesirabilityResult {
  const values = new Float64Array(smiles.length).fill(Number.NaN);
  const errors: { index: number; smiles: string; message: string }[] = [];
  smiles.forEach((smi, index) => {
    if (typeof smi !== 'string') {
      errors.push({ index, smiles: String(smi), message: 'SMILES is not a string' });
      return;
    }
    const parsed = parseMol(rdkit, smi);
    if (!parsed.ok) {
      errors.push({ index, smiles: smi, message: parsed.message });
      return;
    }
    try {
      values[index] = desirabilityFromDescriptors(readDescriptors(parsed.mol));
    } catch (err) {
      errors.push({ index, smiles: smi, message: err instanceof Error ? err.message : String(err) });
    } finally {
      parsed.mol.delete();
    }
  });
  return { values, errors };
}
