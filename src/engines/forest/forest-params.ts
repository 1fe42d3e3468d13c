/**
 * Validation of forest hyper-parameters and training data, shared by the bit and dense trainers.
 * Bad parameters are configuration errors (`BAD_CONFIG`); bad arrays are data errors (`BAD_DATA`).
 */
import { AlcoveError } from '../../shared/errors.js';
import type { ForestParams, ModelTask } from '../../shared/forest-types.js';

/** Number of candidate features per split, as scikit-learn computes it (at least 1, at most `features`). */
export function resolveMaxFeatures(maxFeatures: ForestParams['maxFeatures'], features: number): number {
  let k: number;
  if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(features));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(features));
  else k = Math.floor(maxFeatures * features);
  return Math.min(features, Math.max(1, k));
}

export function assertForestParams(params: ForestParams): void {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_CONFIG', `forest: ${message}`);
  };
  if (params.task !== 'regression' && params.task !== 'classification') bad(`unknown task ${String(params.task)}`);
  if (!Number.isInteger(params.trees) || params.trees < 0) bad(`trees must be an integer >= 0, got ${params.trees}`);
  if (params.maxDepth !== null && (!Number.isInteger(params.maxDepth) || params.maxDepth < 0)) {
    bad(`maxDepth must be null or an integer >= 0, got ${params.maxDepth}`);
  }
  const mf = params.maxFeatures;
  if (mf !== 'sqrt' && mf !== 'log2' && !(typeof mf === 'number' && mf > 0 && mf <= 1)) {
    bad(`maxFeatures must be in (0, 1], 'sqrt' or 'log2', got ${String(mf)}`);
  }
  if (!Number.isInteger(params.minSamplesLeaf) || params.minSamplesLeaf < 1) {
    bad(`minSamplesLeaf must be an integer >= 1, got ${params.minSamplesLeaf}`);
  }
  if (!Number.isFinite(params.seed)) bad(`seed must be a finite number, got ${params.seed}`);
  const engine = params.denseEngine;
  if (engine !== undefined && engine !== 'cart' && engine !== 'ml-random-forest') {
    bad(`denseEngine must be 'cart' or 'ml-random-forest', got ${String(engine)}`);
  }
}

export function assertFirstTree(firstTree: number): void {
  if (!Number.isInteger(firstTree) || firstTree < 0) {
    throw new AlcoveError('BAD_CONFIG', `forest: firstTree must be an integer >= 0, got ${firstTree}`);
  }
}

/** `rows` index a matrix of `matrixRows` rows; `y` holds one finite label per entry of `rows`. */
export function assertTrainingData(matrixRows: number, rows: Int32Array, y: Float64Array, task: ModelTask): void {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_DATA', `forest: ${message}`);
  };
  if (rows.length !== y.length) bad(`rows (${rows.length}) and y (${y.length}) differ in length`);
  if (rows.length === 0) bad('no training rows');
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (r < 0 || r >= matrixRows) bad(`rows[${i}] = ${r} is outside the matrix (${matrixRows} rows)`);
    const v = y[i] as number;
    if (!Number.isFinite(v)) bad(`y[${i}] = ${v} is not finite`);
    if (task === 'classification' && v !== 0 && v !== 1) bad(`classification labels must be 0 or 1, y[${i}] = ${v}`);
  }
}
