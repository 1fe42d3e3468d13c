/**
 * What the campaigns of one process may share instead of each building its own: the loaded datasets and
 * the status pages' molecule drawings, and the manifests' digests of files hard-linked into every run. A sweep hands one to all its runs (`src/sweep/shared-inputs.ts`);
 * a lone campaign needs none. Neither changes what a campaign computes or writes, only how often.
 */
import type { SharedDatasets } from '../data/shared-datasets.js';
import type { StructureDrawer } from '../records/structure-drawer.js';
import type { DigestCache } from '../state/digest-cache.js';

export interface CampaignShared {
  /** Datasets parsed once per file (`src/data/shared-datasets.ts`). */
  readonly datasets?: SharedDatasets;
  /** Drawings cached by SMILES across the campaigns' status pages. */
  readonly drawer?: StructureDrawer;
  /** Whole-file digests by file identity, for the manifests (`src/state/digest-cache.ts`). */
  readonly digests?: DigestCache;
}
