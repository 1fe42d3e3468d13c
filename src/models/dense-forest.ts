import type { ModelTask } from '../shared/forest-types.js';
import { createForestSurrogate, type RandomForestConfig } from './forest-surrogate.js';
import type { Surrogate } from './surrogate.js';

/** A random forest over dense float features (RDKit descriptors), CART thresholds on values. */
export function createDenseForest(model: RandomForestConfig, task: ModelTask): Surrogate {
  return createForestSurrogate('dense', model, task);
}
