/**
 * A random forest as Surrogate, trained and queried on the pool (forest-on-pool.ts). The bit and the
 * dense forest differ in the matrices they take (the worker picks its trainer by matrix kind); both
 * store the same artifact format (merge-forests.ts). A bit forest's key is what it was before the seam
 * existed; a dense forest's key also names its engine, because dense forests were once trained by
 * ml-random-forest with params that did not say so: without it, such a model would be reused as a CART one.
 */
import type { ForestModelConfig } from '../config/campaign-schema.js';
import { forestFromBytes, forestToBytes } from '../engines/forest/merge-forests.js';
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ForestParams, ModelTask, SerializedForest } from '../shared/forest-types.js';
import { sha256Json } from '../shared/hash.js';
import { predictOnPool, trainOnPool } from './forest-on-pool.js';
import type { Surrogate, TrainedModel } from './surrogate.js';

/** Either forest kind (`random-forest`, `ml-random-forest`): the same keys. */
export type RandomForestConfig = ForestModelConfig;

/**
 * The engine's parameters. `denseEngine` is set only for `ml-random-forest` (bit features ignore it), so the
 * params of a `random-forest` hash as they did before the engine was a choice.
 */
export function forestParams(model: RandomForestConfig, task: ModelTask, seed: number): ForestParams {
  return {
    ...(model.kind === 'ml-random-forest' ? { denseEngine: 'ml-random-forest' as const } : {}),
    task,
    trees: model.trees,
    maxDepth: model.max_depth,
    maxFeatures: model.max_features,
    minSamplesLeaf: model.min_samples_leaf,
    bootstrap: model.bootstrap,
    seed,
  };
}

/** What a model key hashes of the params: for dense features, the engine always (absent means CART). */
function keyedParams(matrix: FeatureMatrix['kind'], params: ForestParams): ForestParams {
  return matrix === 'dense' ? { ...params, denseEngine: params.denseEngine ?? 'cart' } : params;
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
    kind: `${model.kind}/${matrix}`,
    members: model.trees,
    modelKey: (set) =>
      sha256Json({
        v: 1,
        features: set.featuresKey,
        rows: set.rows,
        y: set.y,
        params: keyedParams(matrix, forestParams(model, task, set.seed)),
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
