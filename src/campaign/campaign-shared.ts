/**
 * What the campaigns of one process may share instead of each building its own: the loaded datasets and
 * the status pages' molecule drawings. A sweep hands one to all its runs (`src/sweep/shared-inputs.ts`);
 * a lone campaign needs none. Neither changes what a campaign computes or writes, only how often.
 */
import type { SharedDatasets } from '../data/shared-datasets.js';
import type { StructureDrawer } from '../records/structure-drawer.js';

export interface CampaignShared {
  /** Datasets parsed once per file (`src/data/shared-datasets.ts`). */
  readonly datasets?: SharedDatasets;
  /** Drawings cached by SMILES across the campaigns' status pages. */
  readonly drawer?: StructureDrawer;
}
