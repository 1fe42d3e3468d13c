/**
 * The Surrogate seam: the model an active-learning campaign trains on its labeled molecules and asks
 * for predictions (a mean and an uncertainty per molecule) to choose the next batch.
 *
 * Trained models are content-addressed artifacts: `modelKey` hashes everything the fit depends on, so
 * a stage re-run after a restore finds the model it trained before the crash instead of training again
 * (xstate re-runs an in-flight actor). Implementations: one file each (bit-forest.ts, dense-forest.ts),
 * picked by `createSurrogate`.
 */
import type { Exec } from '../pool/executor.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { InjectedFailure } from '../shared/tasks.js';

/** What a surrogate is trained on: labeled rows of a feature matrix, and the seed of this fit. */
export interface TrainingSet {
  /** The features' content address (`Features.key`): part of the model's key. */
  readonly featuresKey: string;
  readonly X: FeatureMatrix;
  /** Rows of `X` with a label, aligned with `y`. Plain arrays: they are hashed into the key as JSON. */
  readonly rows: readonly number[];
  readonly y: readonly number[];
  readonly seed: number;
}

/** Per-row mean and uncertainty (for a forest, the spread of its trees' predictions). */
export interface Prediction {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Failure injection into a training's tasks, by the work items (the trees of a forest) and attempt. */
export type TrainInjector = (items: readonly number[], attempt: number) => InjectedFailure | undefined;

export interface TrainedModel {
  /** The artifact's bytes, stored under the key `Surrogate.modelKey` gave. */
  encode(): Uint8Array;
  /** Predictions for `rows` of `X`, aligned with `rows`. */
  predict(exec: Exec, stage: 'evaluate' | 'explore', X: FeatureMatrix, rows: Int32Array): Promise<Prediction>;
}

export interface Surrogate {
  readonly kind: string;
  /** Members of a trained model (the trees of a forest), for the train stage's report. */
  readonly members: number;
  /** The content address of the model `train` fits to `set`. */
  modelKey(set: TrainingSet): string;
  train(exec: Exec, set: TrainingSet, inject?: TrainInjector): Promise<TrainedModel>;
  /** A stored artifact (`TrainedModel.encode`) back into a model. */
  decode(bytes: Uint8Array): TrainedModel;
}
