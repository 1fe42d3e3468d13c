/**
 * The surrogate a config names (`model.kind`), for the features the featurizer gives. Adding a kind:
 * its file in this folder and a case here (the compiler asks for one per kind the config schema allows).
 */
import type { ModelConfig } from '../config/campaign-schema.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ModelTask } from '../shared/forest-types.js';
import { createBitForest } from './bit-forest.js';
import { createDenseForest } from './dense-forest.js';
import { createMlpSurrogate } from './mlp-surrogate.js';
import type { Surrogate } from './surrogate.js';

export function createSurrogate(model: ModelConfig, features: FeatureMatrix['kind'], task: ModelTask): Surrogate {
  switch (model.kind) {
    case 'random-forest':
    case 'ml-random-forest':
      return features === 'bits' ? createBitForest(model, task) : createDenseForest(model, task);
    case 'mlp':
      return createMlpSurrogate(features, model, task);
  }
}
