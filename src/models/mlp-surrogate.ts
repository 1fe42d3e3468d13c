/**
 * MolPAL's feed-forward network as Surrogate (`model.kind: mlp`), trained and queried on the pool
 * (mlp-on-pool.ts), stored as a network artifact (mlp-artifact.ts). Its uncertainty is the spread of its
 * ensemble members and Monte-Carlo dropout passes; a single network without dropout predicts std 0 (the
 * config schema refuses it for strategies that read the std). Classification predicts the probability of 1.
 */
import type { MlpModelConfig } from '../config/campaign-schema.js';
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ModelTask } from '../shared/forest-types.js';
import { sha256Json } from '../shared/hash.js';
import type { MlpParams, SerializedMlp } from '../shared/mlp-types.js';
import { mlpFromBytes, mlpToBytes } from './mlp-artifact.js';
import { predictMlpOnPool, trainMlpOnPool } from './mlp-on-pool.js';
import type { Surrogate, TrainedModel } from './surrogate.js';

/** The engine's parameters for a config's `model` section, a task and the fit's seed. */
export function mlpParamsOf(model: MlpModelConfig, task: ModelTask, seed: number): MlpParams {
  return {
    task,
    hidden: model.hidden,
    epochs: model.epochs,
    batchSize: model.batch_size,
    lr: model.lr,
    l2: model.l2,
    patience: model.patience,
    validationFraction: model.validation_fraction,
    checkEvery: model.check_every,
    dropout: model.dropout,
    ensemble: model.ensemble,
    seed,
  };
}

export function createMlpSurrogate(matrix: FeatureMatrix['kind'], model: MlpModelConfig, task: ModelTask): Surrogate {
  const trained = (mlp: SerializedMlp): TrainedModel => ({
    encode: () => mlpToBytes(mlp),
    predict: (exec, stage, X, rows) => predictMlpOnPool(exec, stage, mlp, X, rows, model.mc_passes),
  });
  return {
    kind: `mlp/${matrix}`,
    members: model.ensemble,
    // `mc_passes` is left out: it changes predictions, not the trained network.
    modelKey: (set) =>
      sha256Json({
        v: 1,
        model: 'mlp',
        features: set.featuresKey,
        rows: set.rows,
        y: set.y,
        params: mlpParamsOf(model, task, set.seed),
      }),
    async train(exec, set, inject) {
      if (set.X.kind !== matrix) {
        throw new AlcoveError('INTERNAL', `the ${matrix} network was given a ${set.X.kind} feature matrix`);
      }
      const params = mlpParamsOf(model, task, set.seed);
      const rows = Int32Array.from(set.rows);
      return trained(await trainMlpOnPool(exec, set.X, rows, Float64Array.from(set.y), params, inject));
    },
    decode: (bytes) => trained(mlpFromBytes(bytes)),
  };
}
