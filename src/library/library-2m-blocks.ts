/**
 * Building blocks of the built-in `library-2m`: three-component products core × amine × aryl, where a core
 * is one of five reaction heads (amide coupling, sulfonamide, urea, reductive amination, aryl-acetamide)
 * on one of twenty bromo-(hetero)arenes whose bromine goes through a Suzuki coupling with an aryl boronic
 * acid. 100 cores × 160 amines × 125 aryls = 2,000,000 products.
 *
 * Most blocks are generated from short lists (ring templates × substituents) so that the lists stay
 * readable; the generated SMILES are fixed strings, so the library does not depend on RDKit's version.
 * Written forms, so that a product is assembled as a string (see `library-2m.ts`):
 *  - an amine starts with its reacting N (at least one H), as in `building-blocks.ts`; it is always placed
 *    in a branch before the core's ring opens, so its ring-closure digits never clash;
 *  - an aryl starts with the atom that bonds to the core and uses ring digits 1–2 (renumbered to 3–4 when
 *    placed, see `ring-digits.ts`, because the core's rings are open there);
 *  - a core ring starts with the atom that bonds to the head and marks the aryl's place with `(-{R})`.
 * The tests check every block parses, that no two blocks of a list are the same molecule, and the count.
 * Append new blocks at the end of a list; reordering changes every id.
 */
import type { BuildingBlock } from './building-blocks.js';
import { AMINES } from './building-blocks.js';

/** Substituents for the generated aryls ('' = none). Ring digits, if any, are 2 (the aryl uses 1). */
const SUBSTITUENTS: readonly (readonly [name: string, smiles: string])[] = [
  ['H', ''],
  ['F', 'F'],
  ['Cl', 'Cl'],
  ['Me', 'C'],
  ['MeO', 'OC'],
  ['CF3', 'C(F)(F)F'],
  ['CN', 'C#N'],
  ['CF3O', 'OC(F)(F)F'],
  ['MeSO2', 'S(C)(=O)=O'],
  ['iPr', 'C(C)C'],
  ['Me2N', 'N(C)C'],
  ['carbamoyl', 'C(N)=O'],
  ['morpholino', 'N2CCOCC2'],
];

/** Aryl ring templates: the first atom bonds to the core; `{s}` is where a substituent goes. */
const ARYL_TEMPLATES: readonly (readonly [name: string, template: string])[] = [
  ['4-X-phenyl', 'c1ccc({s})cc1'],
  ['3-X-phenyl', 'c1cccc({s})c1'],
  ['2-X-phenyl', 'c1ccccc1{s}'],
  ['6-X-pyridin-3-yl', 'c1ccc({s})nc1'],
  ['2-X-pyridin-4-yl', 'c1ccnc({s})c1'],
  ['2-X-pyrimidin-5-yl', 'c1cnc({s})nc1'],
  ['5-X-thiophen-2-yl', 'c1ccc({s})s1'],
  ['5-X-thiophen-3-yl', 'c1csc({s})c1'],
  ['5-X-furan-2-yl', 'c1ccc({s})o1'],
];

const FIXED_ARYLS: readonly BuildingBlock[] = [
  { name: 'naphthalen-2-yl', smiles: 'c1ccc2ccccc2c1' },
  { name: 'quinolin-3-yl', smiles: 'c1cnc2ccccc2c1' },
  { name: 'benzofuran-2-yl', smiles: 'c1cc2ccccc2o1' },
  { name: 'benzothiophen-2-yl', smiles: 'c1cc2ccccc2s1' },
  { name: 'indol-5-yl', smiles: 'c1ccc2[nH]ccc2c1' },
  { name: '1-Me-indazol-5-yl', smiles: 'c1ccc2c(c1)cnn2C' },
  { name: '1-Me-pyrazol-4-yl', smiles: 'c1cnn(C)c1' },
  { name: '2,3-dihydrobenzofuran-5-yl', smiles: 'c1ccc2OCCc2c1' },
  { name: 'benzodioxol-5-yl', smiles: 'c1ccc2OCOc2c1' },
  { name: '3,5-diF-phenyl', smiles: 'c1cc(F)cc(F)c1' },
];

function fillTemplate(template: string, substituent: string): string {
  if (substituent === '') return template.replace('({s})', '').replace('{s}', '');
  return template.replace('{s}', substituent);
}

/** Unique by SMILES string, first kept: a template without substituent gives the same ring three times. */
function uniqueBySmiles(blocks: readonly BuildingBlock[]): BuildingBlock[] {
  const seen = new Set<string>();
  return blocks.filter((b) => (seen.has(b.smiles) ? false : (seen.add(b.smiles), true)));
}

function generatedAryls(): BuildingBlock[] {
  const out: BuildingBlock[] = [];
  for (const [ringName, template] of ARYL_TEMPLATES) {
    for (const [subName, sub] of SUBSTITUENTS) {
      out.push({ name: ringName.replace('X', subName), smiles: fillTemplate(template, sub) });
    }
  }
  return out;
}

/** 125 aryl groups (boronic acids of the Suzuki step). */
export const LIB2M_ARYLS: readonly BuildingBlock[] = uniqueBySmiles([...generatedAryls(), ...FIXED_ARYLS]);

const EXTRA_PIPERIDINES: readonly BuildingBlock[] = [
  { name: '4-Me-piperidine', smiles: 'N1CCC(C)CC1' },
  { name: '4-MeO-piperidine', smiles: 'N1CCC(OC)CC1' },
  { name: '4-Me2N-piperidine', smiles: 'N1CCC(N(C)C)CC1' },
  { name: '4-iPr-piperidine', smiles: 'N1CCC(C(C)C)CC1' },
  { name: '4-MeSO2-piperidine', smiles: 'N1CCC(S(C)(=O)=O)CC1' },
  { name: '4-morpholino-piperidine', smiles: 'N1CCC(N2CCOCC2)CC1' },
];

export const LIB2M_AMINE_COUNT = 160;

/** 160 amines: the amide library's 70, six piperidines, then (hetero)arylmethylamines of the aryls. */
export const LIB2M_AMINES: readonly BuildingBlock[] = uniqueBySmiles([
  ...AMINES,
  ...EXTRA_PIPERIDINES,
  ...LIB2M_ARYLS.map((a) => ({ name: `${a.name}-methylamine`, smiles: `NC${a.smiles}` })),
]).slice(0, LIB2M_AMINE_COUNT);

/** How the amine is joined to the core ring: `{N}` is the amine, the ring follows. */
export const LIB2M_HEADS: readonly (readonly [reaction: string, head: string])[] = [
  ['amide', 'O=C({N})'],
  ['sulfonamide', 'O=S(=O)({N})'],
  ['urea', 'O=C({N})N'],
  ['reductive-amination', 'C({N})'],
  ['aryl-acetamide', 'O=C({N})C'],
];

/** Bromo-(hetero)arenes of the Suzuki step: the first atom bonds to the head, `(-{R})` is the aryl. */
export const LIB2M_RINGS: readonly BuildingBlock[] = [
  { name: '1,4-phenylene', smiles: 'c1ccc(-{R})cc1' },
  { name: '1,3-phenylene', smiles: 'c1cccc(-{R})c1' },
  { name: '2-F-1,4-phenylene', smiles: 'c1ccc(-{R})cc1F' },
  { name: '3-F-1,4-phenylene', smiles: 'c1ccc(-{R})c(F)c1' },
  { name: '2-Me-1,4-phenylene', smiles: 'c1ccc(-{R})cc1C' },
  { name: '3-Cl-1,4-phenylene', smiles: 'c1ccc(-{R})c(Cl)c1' },
  { name: '3-MeO-1,4-phenylene', smiles: 'c1ccc(-{R})c(OC)c1' },
  { name: '5-F-1,3-phenylene', smiles: 'c1cc(F)cc(-{R})c1' },
  { name: 'pyridine-2,5-diyl', smiles: 'c1ccc(-{R})cn1' },
  { name: 'pyridine-3,5-diyl', smiles: 'c1cncc(-{R})c1' },
  { name: 'pyridine-2,6-diyl', smiles: 'c1cccc(-{R})n1' },
  { name: 'pyridine-2,4-diyl', smiles: 'c1cc(-{R})ccn1' },
  { name: 'pyrimidine-2,5-diyl', smiles: 'c1ncc(-{R})cn1' },
  { name: 'pyrazine-2,5-diyl', smiles: 'c1cnc(-{R})cn1' },
  { name: 'thiophene-2,5-diyl', smiles: 'c1ccc(-{R})s1' },
  { name: 'thiophene-2,4-diyl', smiles: 'c1cc(-{R})cs1' },
  { name: 'furan-2,5-diyl', smiles: 'c1ccc(-{R})o1' },
  { name: 'thiazole-2,5-diyl', smiles: 'c1ncc(-{R})s1' },
  { name: '1-Me-pyrazole-3,5-diyl', smiles: 'c1cc(-{R})n(C)n1' },
  { name: 'naphthalene-2,6-diyl', smiles: 'c1ccc2cc(-{R})ccc2c1' },
];

/** A core: one head on one ring, as a template with `{N}` (the amine) and `{R}` (the aryl). */
export interface CoreBlock {
  readonly name: string;
  readonly reaction: string;
  readonly template: string;
}

/** 100 cores, head-major (`C001`–`C020` amides, `C021`–`C040` sulfonamides, ...). */
export const LIB2M_CORES: readonly CoreBlock[] = LIB2M_HEADS.flatMap(([reaction, head]) =>
  LIB2M_RINGS.map((ring) => ({ name: `${reaction} on ${ring.name}`, reaction, template: `${head}${ring.smiles}` })),
);
