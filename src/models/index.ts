export type { Prediction, Surrogate, TrainedModel, TrainInjector, TrainingSet } from './surrogate.js';
export { createSurrogate } from './create-surrogate.js';
export { createBitForest } from './bit-forest.js';
export { createDenseForest } from './dense-forest.js';
export { createForestSurrogate, forestParams, type RandomForestConfig } from './forest-surrogate.js';
export { isRun, predictOnPool, rowsAt, trainOnPool } from './forest-on-pool.js';
export { createMlpSurrogate, mlpParamsOf } from './mlp-surrogate.js';
export { mlpFromBytes, mlpToBytes } from './mlp-artifact.js';
export { predictMlpOnPool, trainMlpOnPool } from './mlp-on-pool.js';
