/** The `model` union: forest keys as before, the network's keys and defaults, and the uncertainty check. */
import { describe, expect, it } from 'vitest';
import { campaignConfigSchema, type CampaignConfigInput } from '../../src/config/campaign-schema.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { DEFAULT_MLP_PARAMS } from '../../src/engines/mlp/mlp-params.js';
import { mlpParamsOf } from '../../src/models/mlp-surrogate.js';
import { isAlcoveError } from '../../src/shared/errors.js';

const builtin: CampaignConfigInput = { dataset: { builtin: 'amide-library' } };

/** The config error's message, for input that must be refused. */
function errorOf(yaml: string): string {
  try {
    parseConfigText(`dataset: { builtin: amide-library }\n${yaml}`, 'x.yaml');
  } catch (error) {
    if (isAlcoveError(error)) return error.message;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('model kinds', () => {
  it('reads a section without kind as a random forest, and ml-random-forest with the same keys', () => {
    expect(campaignConfigSchema.parse({ ...builtin, model: { trees: 7 } }).model).toMatchObject({
      kind: 'random-forest',
      trees: 7,
    });
    expect(campaignConfigSchema.parse({ ...builtin, model: { kind: 'ml-random-forest' } }).model).toEqual({
      kind: 'ml-random-forest',
      trees: 100,
      max_depth: 8,
      max_features: 1,
      min_samples_leaf: 1,
      bootstrap: true,
    });
  });

  it("fills the network's defaults from the engine's (MolPAL's NN)", () => {
    const model = campaignConfigSchema.parse({ ...builtin, model: { kind: 'mlp' } }).model;
    expect(model).toEqual({
      kind: 'mlp',
      hidden: [100, 100],
      epochs: 50,
      batch_size: 4096,
      lr: 0.01,
      l2: 0.01,
      patience: 5,
      validation_fraction: 0.2,
      check_every: 2,
      dropout: 0,
      mc_passes: 10,
      ensemble: 1,
    });
    if (model.kind !== 'mlp') throw new Error('not an mlp');
    expect(mlpParamsOf(model, 'regression', 0)).toEqual(DEFAULT_MLP_PARAMS);
  });

  it('names the bad key of a network section', () => {
    expect(errorOf('model: { kind: mlp, trees: 5 }')).toMatch(/model\.trees: unknown key/);
    expect(errorOf('model: { kind: mlp, hidden: [] }')).toMatch(/model\.hidden/);
    expect(errorOf('model: { kind: mlp, dropout: 1 }')).toMatch(/model\.dropout/);
    expect(errorOf('model: { kind: mlp, validation_fraction: 1 }')).toMatch(/model\.validation_fraction/);
    expect(errorOf('model: { kind: knn }')).toMatch(/model\.kind/);
    expect(errorOf('model: { kind: random-forest, epochs: 5 }')).toMatch(/model\.epochs: unknown key/);
  });

  it('refuses a strategy that needs an uncertainty with a single network without dropout', () => {
    for (const strategy of ['ucb', 'ei', 'pi', 'thompson', 'uncertainty']) {
      const message = errorOf(`model: { kind: mlp }\nacquisition: { strategy: ${strategy} }`);
      expect(message).toMatch(/acquisition\.strategy/);
      expect(message).toMatch(/model\.ensemble/);
      expect(message).toMatch(/model\.dropout/);
    }
    const ok = (yaml: string) => parseConfigText(`dataset: { builtin: amide-library }\n${yaml}`, 'x.yaml');
    expect(() => ok('model: { kind: mlp }\nacquisition: { strategy: greedy }')).not.toThrow();
    expect(() => ok('model: { kind: mlp, ensemble: 3 }\nacquisition: { strategy: ucb }')).not.toThrow();
    expect(() => ok('model: { kind: mlp, dropout: 0.1 }\nacquisition: { strategy: ei }')).not.toThrow();
    expect(() => ok('acquisition: { strategy: ucb }')).not.toThrow();
  });
});
