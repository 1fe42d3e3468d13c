/**
 * The computed score of `library-2m`, cheap enough for two million products: a Free–Wilson-style sum of
 * building-block contributions (Free & Wilson, J. Med. Chem. 1964) with a property penalty.
 *
 *   score = a(core) + a(amine) + a(aryl) / 2 + g(core, aryl) + 2 · ln D(product)   (SCORE_WEIGHTS)
 *
 *  - a(block) is the block's "affinity", a standard normal drawn from the sha256 of its SMILES (the core's
 *    template), and g a standard normal for each core-aryl pair (the two sit side by side on the ring: an
 *    interaction no sum of blocks explains); deterministic, independent of any seed. An exponential a was
 *    tried first: one aryl's draw then made 90% of the top 1,000, which a campaign finds in one round.
 *  - D is the desirability of `engines/desirability.ts` (a CNS lead-likeness profile) of the product's
 *    properties, estimated additively from RDKit.js descriptors of its three blocks (computed once per
 *    block, 385 blocks, not per product): exact for the monoisotopic mass (the sum minus the four H atoms
 *    of the two new bonds), the heavy atoms and the aromatic rings; an additive approximation for logP,
 *    TPSA, donors, acceptors and rotatable bonds (plus one: the biaryl bond); FractionCSP3 as the
 *    heavy-atom-weighted mean of the blocks'. ln D lies in [ln 0.02, 0], so a product too large or too
 *    polar loses up to 7.8, more than any single block can give.
 * A model can learn it from fingerprints (each block sets its own bits; D is a smooth function of sums),
 * but not by one block alone: the best products need a strong block in every slot and properties that fit.
 */
import { createHash } from 'node:crypto';
import { desirabilityFromDescriptors } from '../engines/desirability.js';
import type { RDKitModule } from '../engines/rdkit.js';
import { parseMol } from '../engines/rdkit.js';
import { AlcoveError } from '../shared/errors.js';
import type { CoreBlock } from './library-2m-blocks.js';
import { LIB2M_AMINES, LIB2M_ARYLS, LIB2M_CORES } from './library-2m-blocks.js';

const H_MASS = 1.00782503207;
export interface ScoreWeights {
  /** Of ln D. */
  readonly property: number;
  /** Of the core-aryl pair term. */
  readonly pair: number;
  /** Of each slot's block affinity: core, amine, aryl. */
  readonly blocks: readonly [core: number, amine: number, aryl: number];
}

/**
 * Chosen on the whole library (bench/README.md): with these, no block makes more than ~17% of the true
 * top 1,000 and 39 cores, 57 amines and 81 aryls appear in it. With equal weights and 3 · ln D, one small
 * polar aryl made 70% of it (the aryls vary most in size and polarity, so they already weigh through D).
 */
export const SCORE_WEIGHTS: ScoreWeights = { property: 2, pair: 1, blocks: [1, 1, 0.5] };

interface BlockProps {
  readonly exactmw: number;
  readonly CrippenClogP: number;
  readonly tpsa: number;
  readonly NumHBD: number;
  readonly NumHBA: number;
  readonly NumRotatableBonds: number;
  readonly NumAromaticRings: number;
  readonly NumHeavyAtoms: number;
  readonly FractionCSP3: number;
}

const PROP_KEYS = [
  'exactmw',
  'CrippenClogP',
  'tpsa',
  'NumHBD',
  'NumHBA',
  'NumRotatableBonds',
  'NumAromaticRings',
  'NumHeavyAtoms',
  'FractionCSP3',
] as const;

function propsOf(rdkit: RDKitModule, smiles: string): BlockProps {
  const parsed = parseMol(rdkit, smiles);
  if (!parsed.ok) throw new AlcoveError('INTERNAL', `library-2m block does not parse (${parsed.message}): ${smiles}`);
  try {
    const d = JSON.parse(parsed.mol.get_descriptors()) as Record<string, number>;
    const out: Record<string, number> = {};
    for (const key of PROP_KEYS) {
      const v = d[key];
      if (v === undefined || !Number.isFinite(v))
        throw new AlcoveError('INTERNAL', `RDKit.js gave no ${key} for ${smiles}`);
      out[key] = v;
    }
    return out as unknown as BlockProps;
  } finally {
    parsed.mol.delete();
  }
}

/** A standard normal from sha256(`affinity:` + key): Box–Muller on two 48-bit uniforms in (0, 1]. */
export function blockAffinity(key: string): number {
  const digest = createHash('sha256').update(`affinity:${key}`).digest();
  const u1 = (digest.readUIntBE(0, 6) + 1) / 2 ** 48;
  const u2 = (digest.readUIntBE(6, 6) + 1) / 2 ** 48;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** The core with H where the amine and the aryl go: the molecule its descriptors are read from. */
export function cappedCore(core: CoreBlock): string {
  return core.template.replace('{N}', '[H]').replace('(-{R})', '');
}

export interface Library2mScorer {
  /** The product's estimated properties (the keys `desirabilityFromDescriptors` reads, and NumHeavyAtoms). */
  estimate(core: number, amine: number, aryl: number): Record<string, number>;
  score(core: number, amine: number, aryl: number): number;
}

interface Slot {
  readonly props: readonly BlockProps[];
  readonly affinity: Float64Array;
}

/** @param keys what a block's affinity is drawn from (its SMILES; a core's template, as regioisomeric cores cap to one molecule). */
function slot(rdkit: RDKitModule, smiles: readonly string[], keys: readonly string[] = smiles): Slot {
  return { props: smiles.map((s) => propsOf(rdkit, s)), affinity: Float64Array.from(keys, blockAffinity) };
}

export function createLibrary2mScorer(rdkit: RDKitModule, w: ScoreWeights = SCORE_WEIGHTS): Library2mScorer {
  const cores = slot(
    rdkit,
    LIB2M_CORES.map(cappedCore),
    LIB2M_CORES.map((c) => c.template),
  );
  const pairs = Float64Array.from({ length: LIB2M_CORES.length * LIB2M_ARYLS.length }, (_, i) =>
    blockAffinity(
      `${LIB2M_CORES[Math.floor(i / LIB2M_ARYLS.length)]?.template}|${LIB2M_ARYLS[i % LIB2M_ARYLS.length]?.smiles}`,
    ),
  );
  const amines = slot(
    rdkit,
    LIB2M_AMINES.map((b) => b.smiles),
  );
  const aryls = slot(
    rdkit,
    LIB2M_ARYLS.map((b) => b.smiles),
  );
  const estimate = (c: number, n: number, r: number): Record<string, number> => {
    const p = [cores.props[c], amines.props[n], aryls.props[r]];
    if (p.some((x) => x === undefined)) throw new AlcoveError('INTERNAL', `no library-2m product C${c} N${n} R${r}`);
    const [a, b, d] = p as [BlockProps, BlockProps, BlockProps];
    const sum = (k: keyof BlockProps) => a[k] + b[k] + d[k];
    const heavy = sum('NumHeavyAtoms');
    return {
      exactmw: sum('exactmw') - 4 * H_MASS,
      CrippenClogP: sum('CrippenClogP'),
      tpsa: sum('tpsa'),
      NumHBD: sum('NumHBD'),
      NumHBA: sum('NumHBA'),
      NumRotatableBonds: sum('NumRotatableBonds') + 1,
      NumAromaticRings: sum('NumAromaticRings'),
      NumHeavyAtoms: heavy,
      FractionCSP3:
        (a.FractionCSP3 * a.NumHeavyAtoms + b.FractionCSP3 * b.NumHeavyAtoms + d.FractionCSP3 * d.NumHeavyAtoms) /
        heavy,
    };
  };
  return {
    estimate,
    score(c, n, r) {
      const affinity =
        w.blocks[0] * (cores.affinity[c] ?? 0) +
        w.blocks[1] * (amines.affinity[n] ?? 0) +
        w.blocks[2] * (aryls.affinity[r] ?? 0) +
        w.pair * (pairs[c * LIB2M_ARYLS.length + r] ?? 0);
      return affinity + w.property * Math.log(desirabilityFromDescriptors(estimate(c, n, r)));
    },
  };
}
