/**
 * The built-in amide library: every acid × every amine of `building-blocks.ts`, composed as SMILES
 * (`amide.ts`), canonicalised by RDKit.js and deduplicated, in a fixed order (acid-major, then amine;
 * the first pair that gives a canonical SMILES keeps it). 70 × 70 = 4,900 products, all distinct.
 */
import { AlcoveError } from '../shared/errors.js';
import type { RDKitModule } from '../engines/rdkit.js';
import { canonicalSmiles } from '../engines/rdkit.js';
import type { BuildingBlock } from './building-blocks.js';
import { ACIDS, AMINES } from './building-blocks.js';
import { composeAmideSmiles } from './amide.js';

export interface LibraryRow {
  /** `A012-N034`: 1-based positions of the acid and amine in their block lists. */
  readonly id: string;
  /** RDKit.js canonical SMILES of the amide. */
  readonly smiles: string;
  /** Short names of the building blocks. */
  readonly acid: string;
  readonly amine: string;
}

export interface AmideBlocks {
  readonly acids: readonly BuildingBlock[];
  readonly amines: readonly BuildingBlock[];
}

export function acidCode(index: number): string {
  return `A${String(index + 1).padStart(3, '0')}`;
}

export function amineCode(index: number): string {
  return `N${String(index + 1).padStart(3, '0')}`;
}

/**
 * Enumerate the library. Blocks come from the project, so a product RDKit cannot parse is a bug in the
 * blocks and throws `BAD_INPUT` naming the pair, rather than silently shrinking the library.
 */
export function enumerateAmideLibrary(
  rdkit: RDKitModule,
  blocks: AmideBlocks = { acids: ACIDS, amines: AMINES },
): LibraryRow[] {
  const rows: LibraryRow[] = [];
  const seen = new Set<string>();
  blocks.acids.forEach((acid, i) => {
    blocks.amines.forEach((amine, j) => {
      const id = `${acidCode(i)}-${amineCode(j)}`;
      const smiles = canonicalSmiles(rdkit, composeAmideSmiles(acid.smiles, amine.smiles));
      if (smiles === null) {
        throw new AlcoveError('BAD_INPUT', `amide ${id} (${acid.name} + ${amine.name}) does not parse`);
      }
      if (seen.has(smiles)) return;
      seen.add(smiles);
      rows.push({ id, smiles, acid: acid.name, amine: amine.name });
    });
  });
  return rows;
}
