import { beforeAll, describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/shared/errors.js';
import type { RDKitModule } from '../../src/engines/rdkit.js';
import { canonicalSmiles, loadRdkit, withMol } from '../../src/engines/rdkit.js';
import { ACIDS, AMINES } from '../../src/library/building-blocks.js';
import { composeAmideSmiles, createAmideReaction } from '../../src/library/amide.js';

let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = await loadRdkit();
});

/** Atom indices of every match of `smarts` in `smiles`. */
function matchAtoms(smiles: string, smarts: string): number[][] {
  const query = rdkit.get_qmol(smarts);
  if (query === null) throw new Error(`bad SMARTS ${smarts}`);
  try {
    const matches = withMol(
      rdkit,
      smiles,
      (mol) => JSON.parse(mol.get_substruct_matches(query)) as { atoms: number[] }[],
    );
    if (matches === null) throw new Error(`bad SMILES ${smiles}`);
    return matches.map((m) => m.atoms);
  } finally {
    query.delete();
  }
}

describe('building blocks', () => {
  it('has ~70 acids and ~70 amines with unique names and structures', () => {
    for (const blocks of [ACIDS, AMINES]) {
      expect(blocks.length).toBeGreaterThanOrEqual(60);
      expect(new Set(blocks.map((b) => b.name)).size).toBe(blocks.length);
      const canon = blocks.map((b) => canonicalSmiles(rdkit, b.smiles));
      expect(canon.every((c) => c !== null)).toBe(true);
      expect(new Set(canon).size).toBe(blocks.length);
    }
  });

  it('acids are written OC(=O)R with exactly one carboxylic acid', () => {
    for (const acid of ACIDS) {
      expect(acid.smiles.startsWith('OC(=O)'), acid.name).toBe(true);
      expect(matchAtoms(acid.smiles, '[CX3](=O)[OX2H1]').length, acid.name).toBe(1);
    }
  });

  it('amines start with a neutral N that carries an H and is not an amide or sulfonamide N', () => {
    const reactive = '[N;!H0;+0;!$(N-[C,S]=[O,S,N]);!$(N-S(=O)=O)]';
    for (const amine of AMINES) {
      expect(amine.smiles.startsWith('N'), amine.name).toBe(true);
      // The first atom (index 0) is the one and only N matching the reactive-amine pattern.
      expect(matchAtoms(amine.smiles, reactive), amine.name).toEqual([[0]]);
    }
  });
});

describe('amide formation', () => {
  it('composes O=C(R)N… and rejects blocks in the wrong form', () => {
    expect(composeAmideSmiles('OC(=O)c1ccccc1', 'N1CCOCC1')).toBe('O=C(c1ccccc1)N1CCOCC1');
    expect(canonicalSmiles(rdkit, composeAmideSmiles('OC(=O)C', 'NC'))).toBe('CNC(C)=O');
    expect(() => composeAmideSmiles('c1ccccc1C(=O)O', 'NC')).toThrow(AlcoveError);
    expect(() => composeAmideSmiles('OC(=O)', 'NC')).toThrow(AlcoveError);
    expect(() => composeAmideSmiles('OC(=O)C', 'CN')).toThrow(AlcoveError);
  });

  it('keeps stereo: (S)-2-phenylpropanoic acid + (R)-1-phenylethylamine', () => {
    const product = canonicalSmiles(rdkit, composeAmideSmiles('OC(=O)[C@@H](C)c1ccccc1', 'N[C@H](C)c1ccccc1'));
    expect(product).toBe(canonicalSmiles(rdkit, 'C[C@H](C(=O)N[C@H](C)c1ccccc1)c1ccccc1'));
  });

  it('string composition equals the RDKit.js reaction for every acid × amine pair', () => {
    const rxn = createAmideReaction(rdkit);
    try {
      const mismatches: string[] = [];
      for (const acid of ACIDS) {
        for (const amine of AMINES) {
          const composed = canonicalSmiles(rdkit, composeAmideSmiles(acid.smiles, amine.smiles));
          const reacted = rxn.products(acid.smiles, amine.smiles);
          if (reacted.length !== 1 || reacted[0] !== composed) {
            mismatches.push(`${acid.name} + ${amine.name}: ${composed} vs ${reacted.join(' | ')}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    } finally {
      rxn.delete();
    }
  });

  it('the reaction gives nothing when a partner cannot react', () => {
    const rxn = createAmideReaction(rdkit);
    try {
      expect(rxn.products('OC(=O)c1ccccc1', 'CN(C)C')).toEqual([]); // tertiary amine
      expect(rxn.products('OC(=O)c1ccccc1', 'NC(C)=O')).toEqual([]); // amide N
      expect(rxn.products('OC(=O)c1ccccc1', 'NCCO')).toEqual(['O=C(NCCO)c1ccccc1']);
    } finally {
      rxn.delete();
    }
  });
});
