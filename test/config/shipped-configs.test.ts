import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDatasetFile } from '../../src/config/campaign-schema.js';
import { loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { loadDataset } from '../../src/data/load-dataset.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const configDir = join(repoRoot, 'configs');
const sharedDatasets = resolve(repoRoot, '..', 'shared', 'datasets');
const hasShared = existsSync(sharedDatasets);
/** Campaign configs; limits.yaml holds stage profiles that campaigns include with `limits: limits.yaml`. */
const configFiles = readdirSync(configDir).filter((f) => f.endsWith('.yaml') && f !== 'limits.yaml');

describe('shipped configs', () => {
  it('include the expected files', () => {
    expect(configFiles.sort()).toEqual(
      expect.arrayContaining([
        'bbbp.yaml',
        'default.yaml',
        'enamine50k.yaml',
        'enamine50k-mlp.yaml',
        'esol.yaml',
        'lipophilicity.yaml',
      ]),
    );
  });

  it('limits.yaml is included by a campaign that names it', () => {
    const { config } = parseConfigText(
      'dataset: { builtin: amide-library }\nlimits: limits.yaml\n',
      join(configDir, 'x.yaml'),
    );
    expect(config.limits.train).toEqual({ threads: null, memory_mb: 4096, timeout_s: 1800, retries: 2, backoff_s: 1 });
    expect(config.limits.oracle.retries).toBe(1);
    expect(() =>
      parseConfigText('dataset: { builtin: amide-library }\nlimits: nope.yaml\n', join(configDir, 'x.yaml')),
    ).toThrow(/limits: cannot read .*nope\.yaml/);
  });

  it.each(configFiles)('%s parses and is named after its file', async (file) => {
    const { config } = await loadConfig(join(configDir, file));
    expect(config.name).toBe(basename(file, '.yaml'));
  });

  it('default.yaml runs the built-in library with the desirability oracle', async () => {
    const { config } = await loadConfig(join(configDir, 'default.yaml'));
    expect(config.dataset).toEqual({ builtin: 'amide-library', subsample: null });
    expect(config.oracle).toEqual({ kind: 'desirability' });
    expect(config.campaign).toMatchObject({
      initial: 0.02,
      batch: 0.02,
      generations: 5,
      test_fraction: 0.1,
      top_k: null,
    });
  });

  it('enamine50k.yaml follows the MolPAL protocol', async () => {
    const { config } = await loadConfig(join(configDir, 'enamine50k.yaml'));
    expect(config.featurizer).toMatchObject({ kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3 });
    expect(config.model).toMatchObject({ trees: 100, max_depth: 8 });
    expect(config.acquisition.strategy).toBe('greedy');
    expect(config.objective).toBe('minimize');
    expect(config.campaign).toMatchObject({ initial: 0.01, batch: 0.01, generations: 5, top_k: 500, test_fraction: 0 });
  });

  it("enamine50k-mlp.yaml is enamine50k.yaml's protocol with MolPAL's network", async () => {
    const forest = (await loadConfig(join(configDir, 'enamine50k.yaml'))).config;
    const { config } = await loadConfig(join(configDir, 'enamine50k-mlp.yaml'));
    const rest = (c: typeof config) => ({ ...c, name: '', model: null, dataset: null });
    expect(rest(config)).toEqual(rest(forest));
    const defaults = parseConfigText('dataset: { builtin: amide-library }\nmodel: { kind: mlp }', 'x.yaml').config;
    expect(config.model).toEqual(defaults.model);
  });

  // The public sets' columns must match the real files (kept beside the checkout, never in the repo).
  const publicSets = [
    ['esol.yaml', 'delaney-processed.csv', 1128],
    ['lipophilicity.yaml', 'Lipophilicity.csv', 4200],
    ['bbbp.yaml', 'BBBP.csv', 2050],
    ['enamine50k.yaml', 'Enamine50k_scores.csv.gz', 49_706],
    ['enamine50k-mlp.yaml', 'Enamine50k_scores.csv.gz', 49_706],
  ] as const;
  describe.skipIf(!hasShared)(`with the public data sets in ${sharedDatasets}`, () => {
    it.each(publicSets)('%s reads %s (%i rows)', async (file, data, rows) => {
      const { config } = await loadConfig(join(configDir, file), [`dataset.path=${join(sharedDatasets, data)}`]);
      expect(isDatasetFile(config.dataset)).toBe(true);
      if (!isDatasetFile(config.dataset)) return;
      const dataset = await loadDataset(config.dataset);
      expect(dataset.rowsRead).toBe(rows);
      expect(dataset.issues.emptySmiles.count).toBe(0);
      expect(dataset.issues.badLabel.count).toBe(0);
      expect(dataset.issues.missingLabel.count).toBe(0);
    });
  });
  if (!hasShared) {
    it.skip(`public data set checks skipped: ${sharedDatasets} not found`, () => {});
  }
});
