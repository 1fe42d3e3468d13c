/**
 * Alcove's network trained from a reference's own start, for the checks of parity with the reference network
 * (test/engines/mlp/reference-parity.test.ts on the fixture's small cases, bench/mlp-parity/compare-dump.ts on
 * a campaign's dump): the reference's initial weights (biases zero) and its shuffle of the training rows, cut
 * for validation where `params.validationFraction` says. Returns the member, its validation loss at every
 * check, and the one-member model that predicts with it.
 */
import { trainMemberFrom } from '../../src/engines/mlp/train-member.js';
import { prepareMlpData } from '../../src/engines/mlp/train-mlp.js';
import type { BitMatrix } from '../../src/shared/features.js';
import type { MlpParams, SerializedMlp } from '../../src/shared/mlp-types.js';

export interface ReferenceStart {
  /** One matrix per layer, as the reference drew them. */
  readonly weights: Float32Array[];
  /** The reference's order of the training rows: the first part trains, the rest validates. */
  readonly order: Int32Array;
}

export function trainFromReferenceStart(
  X: BitMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: MlpParams,
  reference: ReferenceStart,
) {
  const { data, mean, sd } = prepareMlpData(X, rows, y, params);
  const cut = Math.floor(rows.length * (1 - params.validationFraction));
  const init = {
    sizes: data.sizes,
    weights: reference.weights,
    biases: data.sizes.slice(1).map((width) => new Float32Array(width)),
  };
  const losses: number[] = [];
  const start = { init, train: reference.order.slice(0, cut), validation: reference.order.slice(cut) };
  const member = trainMemberFrom(data, params, 0, start, { onCheck: (_epoch, loss) => losses.push(loss) });
  const model: SerializedMlp = {
    kind: 'bits',
    task: 'regression',
    sizes: data.sizes,
    dropout: 0,
    yMean: mean,
    ySd: sd,
    inputMean: null,
    inputScale: null,
    members: [member],
  };
  return { member, losses, model, sd };
}
