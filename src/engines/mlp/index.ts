/** The feed-forward network engine (worker side): train, predict, combine and merge. */
export type { MlpMember, MlpParams, MlpPrediction, PredictMlpOptions, SerializedMlp } from '../../shared/mlp-types.js';
export { DEFAULT_MLP_PARAMS, mlpParams } from './mlp-params.js';
export { memberSeed } from './member-seed.js';
export { trainMlp } from './train-mlp.js';
export { predictMlp, predictMlpSamples } from './predict-mlp.js';
export { combineMemberPredictions } from './combine-predictions.js';
export { mergeMlps } from './merge-mlps.js';
export { assertValidMlp } from './validate-mlp.js';
