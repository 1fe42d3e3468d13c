/**
 * A random forest as Surrogate, trained and queried on the pool (forest-on-pool.ts). The bit and the
 * dense forest differ in the matrices they take (the worker picks its trainer by matrix kind); both
 * store the same artifact format (merge-forests.ts) under the same key as before the seam existed.
 */
import type { ModelConfig } from '../config/campaign-schema.js';
import { forestFromBytes, forestToBytes } from '../engines/forest/merge-forests.js';
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ForestParams, ModelTask, SerializedForest } from '../shared/forest-types.js';
import { sha256Json } from '../shared/hash.js';
import { predictOnPool, trainOnPool } from './forest-on-pool.js';
import type { Surrogate, TrainedModel } from './surrogate.js';

export type RandomForestConfig = Extract<ModelConfig, { kind: 'random-forest' }>;

export function forestParams(model: RandomForestConfig, task: ModelTask, seed: number): ForestParams {
  return {
    task,
    trees: model.trees,
    maxDepth: model.max_depth,
    maxFeatures: model.max_features,
    minSamplesLeaf: model.min_samples_leaf,
    bootstrap: model.bootstrap,
    seed,
  };
}

function trainedForest(forest: SerializedForest): TrainedModel {
  return {
    encode: () => forestToBytes(forest),
    predict: (exec, stage, X, rows) => predictOnPool(exec, stage, forest, X, rows),
  };
}

export function createForestSurrogate(
  matrix: FeatureMatrix['kind'],
  model: RandomForestConfig,
  task: ModelTask,
): Surrogate {
  const expect = (X: FeatureMatrix) => {
    if (X.kind !== matrix) {
      throw new AlcoveError('INTERNAL', `the ${matrix} forest was given a ${X.kind} feature matrix`);
    }
  };
  return {
    kind: `random-forest/${matrix}`,
    members: model.trees,
    modelKey: (set) =>
      sha256Json({
        v: 1,
        features: set.featuresKey,
        rows: set.rows,
        y: set.y,
        params: forestParams(model, task, set.seed),
      }),
    async train(exec, set, inject) {
      expect(set.X);
      const params = forestParams(model, task, set.seed);
      const forest = await trainOnPool(
        exec,
        set.X,
        Int32Array.from(set.rows),
        Float64Array.from(set.y),
        params,
        inject,
      );
      return trainedForest(forest);
    },
    decode: (bytes) => trainedForest(forestFromBytes(bytes)),
  };
}
