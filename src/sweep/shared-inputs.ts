/**
 * Inputs every run of a sweep would otherwise rebuild or copy: the built-in library CSV (enumerated with
 * RDKit) and the 11 MB plotly bundle of each run's status page. Both are made once in the sweep folder and
 * hard-linked into each run's folder (no bytes copied; a copy is the fallback where links are not allowed).
 * In memory, the runs share the loaded dataset (parsed once per file, not per run) and the molecule
 * drawings of their status pages (runs on the same pool show many of the same molecules), and the
 * manifests' digests of the hard-linked files: all were main-thread work per run that kept the worker
 * pool waiting in a sweep of small campaigns.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ensurePlotlyBundle } from '../dashboard/plotly-asset.js';
import { PLOTLY_FILE } from '../dashboard/render-status-page.js';
import type { CampaignShared } from '../campaign/campaign-shared.js';
import { createSharedDatasets } from '../data/shared-datasets.js';
import { ensureBuiltinLibrary, type BuiltinLibraryName } from '../library/builtin-library.js';
import { createStructureDrawer } from '../records/structure-drawer.js';
import { createDigestCache } from '../state/digest-cache.js';
import { statePaths } from '../state/state-files.js';

/**
 * Drawings the sweep's shared drawer keeps: enough for a whole built-in library's worth of shown molecules
 * (the runs' pools are subsamples of one library, so later runs mostly show molecules drawn before), a few
 * KB each, bounded whatever the sweep's length.
 */
const SWEEP_DRAWINGS = 8192;

export interface SharedInputs {
  /** Link the shared files into a run folder before its campaign starts. */
  prepareRun(runDir: string): void;
  /** Handed to every run's campaign. */
  readonly campaign: CampaignShared;
}

function linkOrCopy(source: string, target: string): void {
  if (existsSync(target)) return;
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/** The in-memory part: datasets, drawings, digests (a campaign task's worker thread builds its own, once). */
export function createCampaignShared(): CampaignShared {
  return {
    datasets: createSharedDatasets(),
    drawer: createStructureDrawer(undefined, SWEEP_DRAWINGS),
    digests: createDigestCache(),
  };
}

export async function createSharedInputs(sweepDir: string, builtin: string | null): Promise<SharedInputs> {
  const cache = join(sweepDir, 'cache');
  mkdirSync(cache, { recursive: true });
  // Enumerated once for the whole sweep (the runs' own prepareDataset finds it linked in their artifacts).
  const library = builtin === null ? null : (await ensureBuiltinLibrary(builtin as BuiltinLibraryName, cache)).path;
  ensurePlotlyBundle(sweepDir);
  const plotly = join(sweepDir, PLOTLY_FILE);
  return {
    campaign: createCampaignShared(),
    prepareRun(runDir) {
      mkdirSync(statePaths(runDir).artifacts, { recursive: true });
      linkOrCopy(plotly, join(runDir, PLOTLY_FILE));
      if (library !== null) linkOrCopy(library, join(runDir, 'artifacts', basename(library)));
    },
  };
}
