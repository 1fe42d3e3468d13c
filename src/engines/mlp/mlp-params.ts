/**
 * Defaults and validation of the network's hyper-parameters and training data. Bad parameters are
 * configuration errors (`BAD_CONFIG`); bad arrays are data errors (`BAD_DATA`).
 */
import { AlcoveError } from '../../shared/errors.js';
import type { ModelTask } from '../../shared/forest-types.js';
import type { MlpParams } from '../../shared/mlp-types.js';

/**
 * MolPAL's `NN` (molpal/models/nnmodels.py) as al_models.py reproduces it, with the random validation split
 * (`knn:shuf=1`, 3 points better than Keras' last-20% split in the reference's runs): 2 × 100 ReLU units,
 * l2 0.01, Adam lr 0.01, batches of 4096, 50 epochs, 20% validation checked every 2 epochs, patience 5.
 */
export const DEFAULT_MLP_PARAMS: MlpParams = {
  task: 'regression',
  hidden: [100, 100],
  epochs: 50,
  batchSize: 4096,
  lr: 0.01,
  l2: 0.01,
  patience: 5,
  validationFraction: 0.2,
  checkEvery: 2,
  dropout: 0,
  ensemble: 1,
  seed: 0,
};

/** The defaults with some fields replaced. */
export function mlpParams(overrides: Partial<MlpParams> = {}): MlpParams {
  return { ...DEFAULT_MLP_PARAMS, ...overrides };
}

export function assertMlpParams(params: MlpParams): void {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_CONFIG', `mlp: ${message}`);
  };
  const isInt = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
  if (params.task !== 'regression' && params.task !== 'classification') bad(`unknown task ${String(params.task)}`);
  const hidden: readonly unknown[] = Array.isArray(params.hidden) ? params.hidden : [];
  if (hidden.length === 0 || !hidden.every((h) => typeof h === 'number' && isInt(h, 1))) {
    bad(`hidden must list one or more integer widths >= 1, got ${JSON.stringify(params.hidden)}`);
  }
  if (!isInt(params.epochs, 0)) bad(`epochs must be an integer >= 0, got ${params.epochs}`);
  if (!isInt(params.batchSize, 1)) bad(`batchSize must be an integer >= 1, got ${params.batchSize}`);
  if (!(params.lr > 0 && Number.isFinite(params.lr))) bad(`lr must be > 0, got ${params.lr}`);
  if (!(params.l2 >= 0 && Number.isFinite(params.l2))) bad(`l2 must be >= 0, got ${params.l2}`);
  if (!isInt(params.patience, 1)) bad(`patience must be an integer >= 1, got ${params.patience}`);
  const vf = params.validationFraction;
  if (!(vf >= 0 && vf < 1)) bad(`validationFraction must be in [0, 1), got ${vf}`);
  if (!isInt(params.checkEvery, 1)) bad(`checkEvery must be an integer >= 1, got ${params.checkEvery}`);
  if (!(params.dropout >= 0 && params.dropout < 1)) bad(`dropout must be in [0, 1), got ${params.dropout}`);
  const ensemble = params.ensemble ?? 1;
  if (!isInt(ensemble, 1)) bad(`ensemble must be an integer >= 1, got ${ensemble}`);
  if (!Number.isFinite(params.seed)) bad(`seed must be a finite number, got ${params.seed}`);
}

/** One finite label per row; classification labels are 0 or 1. */
export function assertMlpLabels(rows: number, y: Float64Array, task: ModelTask): void {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_DATA', `mlp: ${message}`);
  };
  if (!(y instanceof Float64Array)) bad('y must be a Float64Array');
  if (rows !== y.length) bad(`rows (${rows}) and y (${y.length}) differ in length`);
  if (rows === 0) bad('no training rows');
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) bad(`y[${i}] = ${v} is not finite`);
    if (task === 'classification' && v !== 0 && v !== 1) bad(`classification labels must be 0 or 1, y[${i}] = ${v}`);
  }
}
