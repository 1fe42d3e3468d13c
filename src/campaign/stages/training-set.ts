import type { TrainingSet } from '../../models/surrogate.js';
import { deriveSeed } from '../../shared/rng.js';
import { labeledRows } from './labeled-rows.js';
import type { StageFeatures } from './stage-deps.js';

/**
 * The model's seed in a generation: derived from the campaign's, so a resumed run trains the same model.
 * The stream is named 'forest' for every surrogate: it is hashed into the model keys of existing runs.
 */
export function trainSeed(seed: number, generation: number): number {
  return deriveSeed(seed, 'forest', generation);
}

/** What a generation's model is fit to: its labeled molecules (failed oracle calls left out) and seed. */
export function trainingSet(
  seed: number,
  features: StageFeatures,
  fit: {
    readonly generation: number;
    readonly labeled: readonly number[];
    readonly labels: readonly (number | null)[];
  },
): TrainingSet {
  const { rows, y } = labeledRows(fit.labeled, fit.labels);
  return { featuresKey: features.key, X: features.matrix, rows, y, seed: trainSeed(seed, fit.generation) };
}
