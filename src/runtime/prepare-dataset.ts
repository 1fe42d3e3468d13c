/**
 * Turns the config's `dataset` into a loaded Dataset. The built-in amide library is enumerated by the
 * project itself (no download) into the state folder's artifacts on first use, then read like any CSV.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignConfig } from '../config/campaign-schema.js';
import { loadDataset, type Dataset } from '../data/load-dataset.js';
import { loadRdkit } from '../engines/rdkit.js';
import { enumerateAmideLibrary } from '../library/enumerate.js';
import { writeLibraryCsv } from '../library/write-csv.js';

export async function prepareDataset(config: CampaignConfig, artifactsDir: string): Promise<Dataset> {
  const spec = config.dataset;
  if ('builtin' in spec) {
    mkdirSync(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${spec.builtin}.csv`);
    if (!existsSync(path)) {
      const rdkit = await loadRdkit();
      await writeLibraryCsv(enumerateAmideLibrary(rdkit), path);
    }
    return loadDataset({ path, smiles_column: 'smiles', id_column: 'id', keep_unlabeled: true });
  }
  return loadDataset(spec);
}
