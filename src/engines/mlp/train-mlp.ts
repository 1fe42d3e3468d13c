/**
 * Feed-forward network training (MolPAL's `NN`, see DEFAULT_MLP_PARAMS) on fingerprints or dense descriptors.
 *
 * Implementation decision, measured (throwaway script; same network, 2,500 × 2048 random bits with 80 on-bits
 * per row, 50 full-batch epochs, MSE + L2, Adam, one thread, CPU time): TensorFlow.js 4.22 `layers.fit` took 50×
 * as long as this hand-written kernel on its pure-JS CPU backend and 21× on its WebAssembly backend (dense
 * input: tfjs has no trainable sparse product; a gather + unsortedSegmentSum first layer did not finish one
 * epoch in 10 minutes on the CPU backend and has no WebAssembly kernel). So tfjs is not a dependency. The gain
 * is the first layer: a gather-sum over ~80 of 2048 inputs instead of a dense product.
 *
 * Against the reference (al_models.py's numpy network, same fingerprints, 10 random splits of 2,000 training
 * and 8,000 test molecules of Enamine 50k): held-out Spearman 0.797 vs 0.798 and R² 0.631 vs 0.629 (mean
 * differences within one standard error); training takes 2.1× the CPU time of the numpy reference on one
 * OpenBLAS thread.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { FeatureMatrix } from '../../shared/features.js';
import { checkedRows, fitInputScaling, inputWidth, toMlpInput } from './mlp-input.js';
import { assertMlpLabels, assertMlpParams } from './mlp-params.js';
import type { MlpParams, SerializedMlp } from '../../shared/mlp-types.js';
import { memberSeed } from './member-seed.js';
import { createShardWorker, helpTeam, teamViews } from './shard-team.js';
import { recordEnded, recordSteps } from '../../shared/step-counter.js';
import { trainMember, type MemberData } from './train-member.js';

/** The training rows as network inputs and standardised targets, checked; the same on every thread. */
export function prepareMlpData(X: FeatureMatrix, rows: ArrayLike<number>, y: Float64Array, params: MlpParams) {
  assertMlpParams(params);
  const matrixRows = checkedRows(X, rows, 'BAD_DATA');
  assertMlpLabels(matrixRows.length, y, params.task);
  const scaling = X.kind === 'dense' ? fitInputScaling(X, matrixRows) : null;
  const { mean, sd } = params.task === 'regression' ? targetScaling(y) : { mean: 0, sd: 1 };
  const data: MemberData = {
    input: toMlpInput(X, matrixRows, scaling),
    // Float32 values, as Keras (and al_models.py) cast the standardised targets.
    targets: y.map((v) => Math.fround((v - mean) / sd)),
    sizes: [inputWidth(X), ...params.hidden, 1],
  };
  return { data, scaling, mean, sd };
}

/**
 * Trains members [firstMember, firstMember + (params.ensemble ?? 1)) on X rows `rows[i]` with labels `y[i]`.
 * Member m depends only on (params, m), so a pool may train members one per task and `mergeMlps` the results.
 * `team` (one member, no dropout: `createTeamBuffer(sizes, rows.length)`) lets `helpTrainMlp` tasks on other
 * workers compute part of every step; the weights are the same with or without them. `epochs` (a step counter,
 * src/shared/step-counter.ts) gets member m's epochs in slot m as they end, for the main thread's progress line.
 * @throws AlcoveError BAD_CONFIG (parameters) or BAD_DATA (matrix, rows, labels).
 */
export function trainMlp(
  X: FeatureMatrix,
  rows: ArrayLike<number>,
  y: Float64Array,
  params: MlpParams,
  firstMember = 0,
  team?: SharedArrayBuffer,
  epochs?: SharedArrayBuffer,
): SerializedMlp {
  if (!Number.isInteger(firstMember) || firstMember < 0) {
    throw new AlcoveError('BAD_CONFIG', `mlp: firstMember must be an integer >= 0, got ${firstMember}`);
  }
  const { data, scaling, mean, sd } = prepareMlpData(X, rows, y, params);
  const count = params.ensemble ?? 1;
  if (team !== undefined && count !== 1) throw new AlcoveError('INTERNAL', 'mlp: a team trains one member');
  const members = Array.from({ length: count }, (_, i) => {
    const slot = firstMember + i;
    const onEpoch = epochs === undefined ? undefined : (epoch: number) => recordSteps(epochs, slot, epoch);
    const member = trainMember(data, params, memberSeed(params.seed, slot), team, onEpoch);
    if (epochs !== undefined) recordEnded(epochs, slot, member.epochsRun);
    return member;
  });
  return {
    kind: X.kind,
    task: params.task,
    sizes: data.sizes,
    dropout: params.dropout,
    yMean: mean,
    ySd: sd,
    inputMean: scaling?.mean ?? null,
    inputScale: scaling?.scale ?? null,
    members,
  };
}

/**
 * Helps the `trainMlp` task that shares `team` (same X, rows, y, params) until it ends; the shards computed.
 * Returns at once when that task has already ended.
 */
export function helpTrainMlp(
  X: FeatureMatrix,
  rows: ArrayLike<number>,
  y: Float64Array,
  params: MlpParams,
  team: SharedArrayBuffer,
): number {
  const { data } = prepareMlpData(X, rows, y, params);
  const views = teamViews(team, data.sizes, data.input.rows);
  const capacity = Math.min(params.batchSize, data.input.rows);
  return helpTeam(createShardWorker(views, data.sizes, data.input, data.targets, params.task, capacity), views);
}

/** Mean and population SD of the labels (SD 1 when they are all equal, so a constant is learnt as 0). */
export function targetScaling(y: Float64Array): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i]!;
  mean /= y.length;
  let ss = 0;
  for (let i = 0; i < y.length; i++) ss += (y[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / y.length);
  return { mean, sd: sd > 0 ? sd : 1 };
}
