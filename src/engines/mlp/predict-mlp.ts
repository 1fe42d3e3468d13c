/**
 * Network prediction: every member's output on every row, back on the label scale (regression) or as the
 * probability of class 1 (classification), then their mean and population SD.
 *
 * With dropout, each member runs `mcPasses` Monte-Carlo passes with dropout on (MolPAL's NNDropoutModel). The
 * masks of matrix row r come from `createRng(member.seed, 'mlp-mc-dropout', r)`, so a row's samples do not
 * depend on which other rows are predicted with it, nor on how a pool splits the rows. Rows are processed in
 * blocks of BLOCK, which bounds the scratch memory whatever the number of rows.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { FeatureMatrix } from '../../shared/features.js';
import { createRng } from '../../shared/rng.js';
import { combineMemberPredictions } from './combine-predictions.js';
import { createWorkspace, forwardBatch, type MlpWorkspace } from './forward-pass.js';
import { checkedRows, inputWidth, toMlpInput, type InputScaling } from './mlp-input.js';
import { sigmoid } from './mlp-loss.js';
import type { MlpNetwork } from './mlp-network.js';
import type { MlpMember, MlpPrediction, PredictMlpOptions, SerializedMlp } from '../../shared/mlp-types.js';
import { assertValidMlp } from './validate-mlp.js';

const BLOCK = 1024;
const DEFAULT_MC_PASSES = 10;

export function predictMlp(
  model: SerializedMlp,
  X: FeatureMatrix,
  rows: ArrayLike<number>,
  options: PredictMlpOptions = {},
): MlpPrediction {
  return combineMemberPredictions(predictMlpSamples(model, X, rows, options));
}

/**
 * The per-sample predictions, member by member (and pass by pass within a member): `members × passes` arrays
 * of `rows.length` values. Samples of members predicted on different workers, concatenated in member order,
 * combine to exactly what one call on the merged model gives.
 * @throws AlcoveError BAD_INPUT (malformed model, mismatched matrix, rows outside it, bad options).
 */
export function predictMlpSamples(
  model: SerializedMlp,
  X: FeatureMatrix,
  rows: ArrayLike<number>,
  options: PredictMlpOptions = {},
): Float64Array[] {
  assertValidMlp(model);
  if (X.kind !== model.kind) throw new AlcoveError('BAD_INPUT', `mlp: a ${model.kind} model got ${X.kind} features`);
  if (inputWidth(X) !== model.sizes[0]) {
    throw new AlcoveError('BAD_INPUT', `mlp: trained on ${model.sizes[0]} features, got ${inputWidth(X)}`);
  }
  const passes = model.dropout > 0 ? (options.mcPasses ?? DEFAULT_MC_PASSES) : 1;
  if (!Number.isInteger(passes) || passes < 1) {
    throw new AlcoveError('BAD_INPUT', `mlp: mcPasses must be an integer >= 1, got ${passes}`);
  }
  const matrixRows = checkedRows(X, rows, 'BAD_INPUT');
  const n = matrixRows.length;
  const samples = Array.from({ length: model.members.length * passes }, () => new Float64Array(n));
  const ws = createWorkspace(model.sizes, Math.min(BLOCK, n));
  const positions = Int32Array.from({ length: ws.capacity }, (_, i) => i);
  const scaling: InputScaling | null =
    model.inputMean !== null && model.inputScale !== null ? { mean: model.inputMean, scale: model.inputScale } : null;
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const blockRows = matrixRows.subarray(b0, Math.min(n, b0 + BLOCK));
    const input = toMlpInput(X, blockRows, scaling);
    model.members.forEach((member, m) => {
      const net = toNetwork(model, member);
      const rngs = passes > 1 ? Array.from(blockRows, (r) => createRng(member.seed, 'mlp-mc-dropout', r)) : null;
      for (let p = 0; p < passes; p++) {
        const dropout = rngs === null ? null : { rate: model.dropout, rngs };
        forwardBatch(net, input, positions, blockRows.length, ws, dropout);
        writeSample(model, ws, blockRows.length, samples[m * passes + p]!, b0);
      }
    });
  }
  return samples;
}

function toNetwork(model: SerializedMlp, member: MlpMember): MlpNetwork {
  return { sizes: model.sizes, weights: [...member.weights], biases: [...member.biases] };
}

function writeSample(model: SerializedMlp, ws: MlpWorkspace, count: number, out: Float64Array, offset: number): void {
  const { yMean, ySd } = model;
  for (let i = 0; i < count; i++) {
    const o = ws.output[i]!;
    out[offset + i] = model.task === 'regression' ? o * ySd + yMean : sigmoid(o);
  }
}
