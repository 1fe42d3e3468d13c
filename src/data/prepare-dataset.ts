/**
 * Turns the config's `dataset` into a loaded Dataset. A built-in library is enumerated by the project
 * itself (no download) into the state folder's artifacts on first use, then read like any CSV
 * (`library/builtin-library.ts`; library-2m's computed score is its label column).
 * Labels a campaign cannot learn from (one class, one value, not 0/1 for classification) are refused here.
 */
import { mkdirSync } from 'node:fs';
import type { CampaignConfig } from '../config/campaign-schema.js';
import { checkLabels } from './check-labels.js';
import type { SharedDatasets } from './shared-datasets.js';
import { loadDataset, type Dataset, type DatasetSpec } from './load-dataset.js';
import { createRng, sampleIndices } from '../shared/rng.js';
import { ensureBuiltinLibrary } from '../library/builtin-library.js';
import { createSmilesStoreBuilder } from '../shared/smiles-store.js';

/** @param shared datasets already read by this process (a sweep's other runs); default: read the files. */
export async function prepareDataset(
  config: CampaignConfig,
  artifactsDir: string,
  shared?: SharedDatasets,
): Promise<Dataset> {
  const load = (spec: DatasetSpec) => (shared === undefined ? loadDataset(spec) : shared.load(spec));
  const full = await loadConfiguredDataset(config, artifactsDir, load);
  const n = config.dataset.subsample;
  const dataset = n === null || n >= full.smiles.length ? full : subsampleDataset(full, n, config.seed);
  // The labels a lookup oracle will hand out must be ones a campaign can learn from (check-labels.ts).
  if (config.oracle.kind === 'lookup' && 'label_column' in config.dataset && config.dataset.label_column) {
    checkLabels(dataset, { task: config.task, column: config.dataset.label_column, subsampled: dataset !== full });
  }
  return dataset;
}

/** A seeded random subset of `n` molecules, in file order. */
export function subsampleDataset(dataset: Dataset, n: number, seed: number): Dataset {
  const keep = sampleIndices(dataset.smiles.length, n, createRng(seed, 'subsample')).sort((a, b) => a - b);
  const ids = createSmilesStoreBuilder();
  for (const i of keep) ids.push(dataset.ids.at(i) ?? '');
  return {
    ...dataset,
    smiles: dataset.smiles.pick(keep),
    ids: ids.build(),
    labels: Float64Array.from(keep, (i) => dataset.labels[i] ?? Number.NaN),
    sourceRows: Int32Array.from(keep, (i) => dataset.sourceRows[i] ?? 0),
    sourceFiles: Uint16Array.from(keep, (i) => dataset.sourceFiles[i] ?? 0),
  };
}

async function loadConfiguredDataset(
  config: CampaignConfig,
  artifactsDir: string,
  load: (spec: DatasetSpec) => Promise<Dataset>,
): Promise<Dataset> {
  const spec = config.dataset;
  if ('builtin' in spec) {
    mkdirSync(artifactsDir, { recursive: true });
    const file = await ensureBuiltinLibrary(spec.builtin, artifactsDir);
    return load({
      path: file.path,
      smiles_column: 'smiles',
      id_column: 'id',
      keep_unlabeled: true,
      ...(file.labelColumn === undefined ? {} : { label_column: file.labelColumn }),
    });
  }
  return load(spec);
}
