/**
 * The feed-forward network contract shared by the worker engine (src/engines/mlp) and the main thread: hyper-parameters, the trained model as plain typed arrays (transferable
 * between threads, no classes) and the prediction. The defaults reproduce MolPAL's `NN` model as
 * the reference `al_models.py` (`knn:shuf=1`, shared/reference/) re-implements it; see `DEFAULT_MLP_PARAMS`.
 */
import type { ModelTask } from './forest-types.js';

export interface MlpParams {
  readonly task: ModelTask;
  /** Widths of the hidden ReLU layers, input side first (MolPAL: [100, 100]). */
  readonly hidden: readonly number[];
  /** Maximum number of passes over the training rows. */
  readonly epochs: number;
  /** Rows per Adam step; with fewer training rows than this, every step is the full batch. */
  readonly batchSize: number;
  /** Adam's learning rate (β1 0.9, β2 0.999, ε 1e-7 as in Keras). */
  readonly lr: number;
  /** Penalty l2·ΣW² over the weight matrices feeding the hidden layers (not the output layer, not biases). */
  readonly l2: number;
  /** Early stopping: validation checks without improvement before training stops. */
  readonly patience: number;
  /** Share of the rows held out (seeded random choice) for early stopping; 0 trains on all rows, no stopping. */
  readonly validationFraction: number;
  /** Validate after every `checkEvery` epochs. */
  readonly checkEvery: number;
  /** Dropout rate after each hidden layer, in training and in Monte-Carlo prediction; 0 disables it. */
  readonly dropout: number;
  /**
   * Independently initialised members (default 1), each with its own seed, split and batches; prediction
   * reports their mean and population SD. A single network without dropout predicts std 0.
   */
  readonly ensemble?: number;
  readonly seed: number;
}

/**
 * One trained network. Layer `l` maps `sizes[l]` inputs to `sizes[l + 1]` outputs; `weights[l]` is row-major by
 * input (`W[k * out + j]`, input k to unit j), so a fingerprint's on-bit selects one contiguous row.
 */
export interface MlpMember {
  /** The seed every random draw of this member derives from (`memberSeed(params.seed, index)`). */
  readonly seed: number;
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
  /** Epochs trained before early stopping (or `params.epochs`). */
  readonly epochsRun: number;
  /** Epoch (1-based) whose weights were kept; null without validation rows (the last weights are kept). */
  readonly bestEpoch: number | null;
  /** Validation loss (standardised MSE or BCE, plus the penalty) of the kept weights; null without validation. */
  readonly bestValidationLoss: number | null;
}

export interface SerializedMlp {
  readonly kind: 'bits' | 'dense';
  readonly task: ModelTask;
  /** Layer widths from input to output, e.g. [2048, 100, 100, 1]. */
  readonly sizes: readonly number[];
  readonly dropout: number;
  /** Regression targets were standardised as (y - yMean) / ySd; classification stores 0 and 1. */
  readonly yMean: number;
  readonly ySd: number;
  /**
   * Dense inputs only (null for bits): column j enters the network as (x - inputMean[j]) * inputScale[j],
   * statistics of the training rows (scale 1/SD, or 0 for a constant column).
   */
  readonly inputMean: Float64Array | null;
  readonly inputScale: Float64Array | null;
  readonly members: readonly MlpMember[];
}

export interface PredictMlpOptions {
  /** Monte-Carlo dropout passes per member when the model has dropout (default 10). */
  readonly mcPasses?: number;
}

/**
 * Per-row mean and population SD over the model's samples: one per member without dropout, `mcPasses` per
 * member with dropout. A single network without dropout has one sample, so its std is 0. Classification
 * predicts the probability of class 1.
 */
export interface MlpPrediction {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}
