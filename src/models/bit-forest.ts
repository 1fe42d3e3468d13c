import type { ModelTask } from '../shared/forest-types.js';
import { createForestSurrogate, type RandomForestConfig } from './forest-surrogate.js';
import type { Surrogate } from './surrogate.js';

/** A random forest over packed fingerprint bits (Morgan, atom-pair), split searched per bit. */
export function createBitForest(model: RandomForestConfig, task: ModelTask): Surrogate {
  return createForestSurrogate('bits', model, task);
}
