import { describe, expect, it } from 'vitest';
import {
  campaignConfigSchema,
  isBuiltinDataset,
  isDatasetFile,
  resolveCount,
  resolveTopK,
  resolveWorkers,
} from '../../src/config/campaign-schema.js';
import type { CampaignConfig, CampaignConfigInput } from '../../src/config/campaign-schema.js';
import type { FeaturizerSpec } from '../../src/shared/features.js';
import { isAlcoveError } from '../../src/shared/errors.js';

const builtin: CampaignConfigInput = { dataset: { builtin: 'amide-library' } };

describe('campaignConfigSchema defaults', () => {
  it('fills every default for the built-in library', () => {
    const c = campaignConfigSchema.parse(builtin);
    expect(c).toEqual({
      name: 'default',
      seed: 0,
      dataset: { builtin: 'amide-library', subsample: null },
      task: 'regression',
      objective: 'maximize',
      featurizer: { kind: 'morgan', radius: 2, bits: 2048, max_atoms: 1000 },
      model: {
        kind: 'random-forest',
        trees: 100,
        max_depth: 8,
        max_features: 1,
        min_samples_leaf: 1,
        bootstrap: true,
      },
      acquisition: {
        strategy: 'greedy',
        beta: 2,
        xi: 0.01,
        epsilon: 0,
        threshold: null,
        incumbent: 'best',
        incumbent_k: null,
        prune: null,
      },
      oracle: { kind: 'desirability' },
      campaign: {
        initial: 0.01,
        initial_from: null,
        batch: 0.01,
        generations: 5,
        budget: null,
        hit_threshold: null,
        convergence: null,
        export_top: 1000,
        top_k: null,
        test_fraction: 0,
        patience: 0,
        min_delta: 0,
      },
      failures: { max_rate: 0.5 },
      limits: {
        featurize: { threads: null, memory_mb: null, timeout_s: 600, retries: 2, backoff_s: 0 },
        train: { threads: null, memory_mb: null, timeout_s: 1800, retries: 2, backoff_s: 0 },
        evaluate: { threads: null, memory_mb: null, timeout_s: 600, retries: 2, backoff_s: 0 },
        explore: { threads: null, memory_mb: null, timeout_s: 600, retries: 2, backoff_s: 0 },
        oracle: { threads: null, memory_mb: null, timeout_s: 600, retries: 1, backoff_s: 0 },
      },
      executor: {
        default: { kind: 'local' },
        featurize: null,
        train: null,
        evaluate: null,
        explore: null,
        oracle: null,
      },
      inject: { featurize_oom: 0, malformed_molecules: 0, train_timeout: 0, oracle_failure_rate: 0 },
      workers: null,
    } satisfies CampaignConfig);
    expect(isBuiltinDataset(c.dataset)).toBe(true);
    expect(isDatasetFile(c.dataset)).toBe(false);
  });

  it('defaults a CSV dataset to the lookup oracle and its column defaults', () => {
    const c = campaignConfigSchema.parse({ dataset: { path: '/d/x.csv.gz', label_column: 'y' } });
    expect(c.oracle).toEqual({ kind: 'lookup' });
    expect(c.dataset).toEqual({
      path: '/d/x.csv.gz',
      smiles_column: 'smiles',
      label_column: 'y',
      keep_unlabeled: false,
      subsample: null,
    });
  });

  it('fills the defaults of the chosen featurizer kind', () => {
    const ap = campaignConfigSchema.parse({ ...builtin, featurizer: { kind: 'atom-pair' } });
    expect(ap.featurizer).toEqual({ kind: 'atom-pair', bits: 2048, min_length: 1, max_length: 3, max_atoms: 1000 });
    const d = campaignConfigSchema.parse({ ...builtin, featurizer: { kind: 'descriptors' } });
    expect(d.featurizer).toEqual({ kind: 'descriptors', max_atoms: 1000 });
    // The resolved featurizer is what the featurizers take.
    const spec: FeaturizerSpec = ap.featurizer;
    expect(spec.kind).toBe('atom-pair');
  });

  it('accepts unlimited depth and sqrt/log2 max_features', () => {
    const c = campaignConfigSchema.parse({ ...builtin, model: { max_depth: null, max_features: 'log2' } });
    expect(c.model).toMatchObject({ kind: 'random-forest', max_depth: null, max_features: 'log2' });
  });
});

describe('campaignConfigSchema rejects', () => {
  const paths = (input: unknown): string[] => {
    const r = campaignConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('unknown keys (strict objects)', () => {
    const r = campaignConfigSchema.safeParse({ ...builtin, campaign: { batchsize: 3 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['batchsize'], path: ['campaign'] });
  });

  it('out-of-range values', () => {
    expect(paths({ ...builtin, seed: -1 })).toEqual(['seed']);
    expect(paths({ ...builtin, seed: 1.5 })).toEqual(['seed']);
    expect(paths({ ...builtin, campaign: { batch: 0 } })).toEqual(['campaign.batch']);
    expect(paths({ ...builtin, campaign: { initial: 2.5 } })).toEqual(['campaign.initial']);
    expect(paths({ ...builtin, campaign: { test_fraction: 0.9 } })).toEqual(['campaign.test_fraction']);
    expect(paths({ ...builtin, model: { max_features: 1.5 } })).toEqual(['model.max_features']);
    expect(paths({ ...builtin, acquisition: { strategy: 'best' } })).toEqual(['acquisition.strategy']);
    expect(paths({ ...builtin, featurizer: { kind: 'atom-pair', min_length: 4 } })).toEqual(['featurizer.max_length']);
    expect(paths({ ...builtin, workers: 0 })).toEqual(['workers']);
    expect(paths({ ...builtin, failures: { max_rate: 1.5 } })).toEqual(['failures.max_rate']);
    expect(paths({ dataset: { path: 'x.txt', label_column: 'y' } })).toEqual(['dataset.path']);
    expect(paths({ ...builtin, name: '../evil' })).toEqual(['name']);
  });

  it('acquisition keys: epsilon, threshold, incumbent, incumbent_k', () => {
    const acq = (acquisition: Record<string, unknown>) => ({ ...builtin, acquisition });
    expect(paths(acq({ epsilon: 1.5 }))).toEqual(['acquisition.epsilon']);
    expect(paths(acq({ epsilon: -0.1 }))).toEqual(['acquisition.epsilon']);
    expect(paths(acq({ threshold: 'high' }))).toEqual(['acquisition.threshold']);
    expect(paths(acq({ incumbent: 'median' }))).toEqual(['acquisition.incumbent']);
    expect(paths(acq({ incumbent: 'kth', incumbent_k: 0 }))).toEqual(['acquisition.incumbent_k']);
    expect(paths(acq({ incumbent: 'kth', incumbent_k: 2.5 }))).toEqual(['acquisition.incumbent_k']);
    // The threshold strategy needs its threshold; the other strategies ignore one.
    expect(paths(acq({ strategy: 'threshold' }))).toEqual(['acquisition.threshold']);
    expect(paths(acq({ strategy: 'threshold', threshold: null }))).toEqual(['acquisition.threshold']);
    const ok = campaignConfigSchema.parse(acq({ strategy: 'threshold', threshold: -7.5, epsilon: 1 }));
    expect(ok.acquisition).toMatchObject({ strategy: 'threshold', threshold: -7.5, epsilon: 1 });
    expect(campaignConfigSchema.parse(acq({ strategy: 'greedy', threshold: 3 })).acquisition.threshold).toBe(3);
    const kth = campaignConfigSchema.parse(acq({ strategy: 'ei', incumbent: 'kth', incumbent_k: 50 }));
    expect(kth.acquisition).toMatchObject({ incumbent: 'kth', incumbent_k: 50 });
  });

  it('a lookup oracle without a label column, naming dataset.label_column', () => {
    expect(paths({ dataset: { path: 'x.csv' } })).toEqual(['dataset.label_column']);
    expect(paths({ dataset: { path: 'x.csv' }, task: 'classification' })).toEqual(['dataset.label_column']);
    expect(paths({ dataset: { path: 'x.csv' }, oracle: { kind: 'lookup' } })).toEqual(['dataset.label_column']);
    // A computed oracle needs no labels.
    expect(
      campaignConfigSchema.safeParse({ dataset: { path: 'x.csv' }, oracle: { kind: 'desirability' } }).success,
    ).toBe(true);
  });

  it('a lookup oracle on the built-in library, and classification with a computed oracle', () => {
    expect(paths({ ...builtin, oracle: { kind: 'lookup' } })).toEqual(['oracle.kind']);
    expect(paths({ ...builtin, task: 'classification' })).toEqual(['task']);
  });

  it('a missing dataset', () => {
    expect(paths({})).toEqual(['dataset']);
  });
});

describe('resolveCount', () => {
  it('rounds a fraction of the pool up', () => {
    expect(resolveCount(0.01, 49_706)).toBe(498);
    expect(resolveCount(0.01, 100)).toBe(1);
    expect(resolveCount(0.01, 5)).toBe(1);
    expect(resolveCount(0.5, 3)).toBe(2);
  });

  it('does not round floating-point noise up', () => {
    expect(0.07 * 100).toBeGreaterThan(7); // 7.000000000000001
    expect(resolveCount(0.07, 100)).toBe(7);
    expect(resolveCount(0.1, 30)).toBe(3);
  });

  it('takes a count as is', () => {
    expect(resolveCount(1, 10)).toBe(1);
    expect(resolveCount(500, 49_706)).toBe(500);
  });

  it('rejects non-integer counts and non-positive specs', () => {
    for (const bad of [1.5, 0, -0.1, Number.NaN]) {
      let caught: unknown;
      try {
        resolveCount(bad, 100);
      } catch (err) {
        caught = err;
      }
      expect(isAlcoveError(caught) && caught.code).toBe('BAD_CONFIG');
    }
  });
});

describe('resolveTopK and resolveWorkers', () => {
  const withTopK = (top_k: number | null): Pick<CampaignConfig, 'campaign'> =>
    campaignConfigSchema.parse({ ...builtin, campaign: { top_k } });

  it('uses top_k, else 1% of the pool (at least 1), never more than the pool', () => {
    expect(resolveTopK(withTopK(500), 49_706)).toBe(500);
    expect(resolveTopK(withTopK(null), 49_706)).toBe(498);
    expect(resolveTopK(withTopK(null), 20)).toBe(1);
    expect(resolveTopK(withTopK(50), 20)).toBe(20);
  });

  it('uses workers, else the CPU count', () => {
    expect(resolveWorkers(3, 8)).toBe(3);
    expect(resolveWorkers(null, 8)).toBe(8);
    expect(resolveWorkers(null, 0)).toBe(1);
  });
});
