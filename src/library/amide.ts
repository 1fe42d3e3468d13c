/**
 * Forming the amide of an acid block (`OC(=O)R`) and an amine block (`N…`), two ways:
 *
 *  - `composeAmideSmiles`: string composition, `O=C(R)N…`. The acid's ring-closure digits all close inside
 *    `R`, so they cannot clash with the amine's; stereo marks keep their meaning because every atom keeps its
 *    neighbour order. Then one RDKit parse canonicalises it: the fast way, used to build the library.
 *  - `createAmideReaction`: the RDKit.js reaction `[C:1](=[O:2])-[OX2H1].[N;!H0;…:3]>>[C:1](=[O:2])-[N:3]`
 *    with `run_reactants`: about three times slower (two parses, the reaction, the product list and a
 *    re-parse to sanitise; see bench/README.md) and five WASM objects to free per pair. Kept as the
 *    independent cross-check used by the tests: both give the same canonical SMILES for every pair of the
 *    library.
 */
import { AlcoveError } from '../shared/errors.js';
import type { JSMol, RDKitModule } from '../engines/rdkit.js';
import { parseMol } from '../engines/rdkit.js';

export const ACID_PREFIX = 'OC(=O)';

/** `OC(=O)R` + `N…` → `O=C(R)N…` (not canonical). Throws BAD_INPUT when a block is not in the required form. */
export function composeAmideSmiles(acidSmiles: string, amineSmiles: string): string {
  if (!acidSmiles.startsWith(ACID_PREFIX) || acidSmiles.length === ACID_PREFIX.length) {
    throw new AlcoveError('BAD_INPUT', `acid block must be written 'OC(=O)R': ${acidSmiles}`);
  }
  if (!amineSmiles.startsWith('N')) {
    throw new AlcoveError('BAD_INPUT', `amine block must start with its reacting N: ${amineSmiles}`);
  }
  return `O=C(${acidSmiles.slice(ACID_PREFIX.length)})${amineSmiles}`;
}

/** Amide coupling as reaction SMARTS: any COOH with a non-amide, non-sulfonamide, neutral N–H amine. */
export const AMIDE_REACTION_SMARTS =
  '[C:1](=[O:2])-[OX2H1].[N;!H0;+0;!$(N-[C,S]=[O,S,N]);!$(N-S(=O)=O);!$(N#*);!$(N=*):3]>>[C:1](=[O:2])-[N:3]';

export interface AmideReaction {
  /** Canonical SMILES of every distinct product (sorted), or an empty list when the blocks do not react. */
  products(acidSmiles: string, amineSmiles: string): string[];
  /** Free the WASM reaction object. */
  delete(): void;
}

export function createAmideReaction(rdkit: RDKitModule): AmideReaction {
  const rxn = rdkit.get_rxn(AMIDE_REACTION_SMARTS);
  if (rxn === null) throw new AlcoveError('INTERNAL', 'RDKit.js could not build the amide reaction');
  return {
    products(acidSmiles, amineSmiles) {
      const acid = parseMol(rdkit, acidSmiles);
      if (!acid.ok) throw new AlcoveError('BAD_INPUT', `acid block: ${acid.message}: ${acidSmiles}`);
      const amine = parseMol(rdkit, amineSmiles);
      if (!amine.ok) {
        acid.mol.delete();
        throw new AlcoveError('BAD_INPUT', `amine block: ${amine.message}: ${amineSmiles}`);
      }
      const reactants = new rdkit.MolList();
      const found = new Set<string>();
      try {
        reactants.append(acid.mol);
        reactants.append(amine.mol);
        const outcomes = rxn.run_reactants(reactants, 1000);
        try {
          for (let i = 0; i < outcomes.size(); i++) {
            const list = outcomes.get(i);
            if (list === undefined) continue;
            try {
              for (let j = 0; j < list.size(); j++) {
                const product: JSMol | null = list.at(j);
                if (product === null) continue;
                try {
                  // Reaction products are not fully sanitised; a round trip through SMILES is.
                  const parsed = parseMol(rdkit, product.get_smiles());
                  if (!parsed.ok) continue;
                  try {
                    found.add(parsed.mol.get_smiles());
                  } finally {
                    parsed.mol.delete();
                  }
                } finally {
                  product.delete();
                }
              }
            } finally {
              list.delete();
            }
          }
        } finally {
          outcomes.delete();
        }
      } finally {
        reactants.delete();
        acid.mol.delete();
        amine.mol.delete();
      }
      return [...found].sort();
    },
    delete() {
      rxn.delete();
    },
  };
}
