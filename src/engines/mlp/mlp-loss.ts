/**
 * Data losses on the network's raw output: mean squared error on standardised targets (regression, MolPAL's
 * loss), or binary cross-entropy of the logit, sigmoid(output) being the probability of class 1
 * (classification). Both are means over the batch, as Keras computes them; the L2 penalty is added whole,
 * not divided by the batch size (l2Penalty).
 */
import type { ModelTask } from '../../shared/forest-types.js';

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Loss of one row, written in the logit so that it never takes log(0). */
function rowLoss(task: ModelTask, out: number, y: number): number {
  if (task === 'regression') return (out - y) * (out - y);
  return Math.max(out, 0) - out * y + Math.log1p(Math.exp(-Math.abs(out)));
}

/** Σ over rows i < count of the loss of `output[i]` against `targets[positions[i]]` (divide by count for the mean). */
export function sumLoss(
  task: ModelTask,
  output: Float64Array,
  targets: Float64Array,
  positions: Int32Array,
  count: number,
): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += rowLoss(task, output[i]!, targets[positions[i]!]!);
  return sum;
}

/**
 * delta[i] = d(mean loss)/d(output[i]): 2(out - y)/B for MSE, (sigmoid(out) - y)/B for cross-entropy, over the
 * `count` rows given; B is the batch's size (`batchCount`, more than `count` when these rows are one shard).
 */
export function outputDelta(
  task: ModelTask,
  output: Float64Array,
  targets: Float64Array,
  positions: Int32Array,
  count: number,
  delta: Float32Array,
  batchCount = count,
): void {
  // In float32 as the reference's (2/B) · (out - y); the output, and in training the targets, are float32 values.
  const scale = Math.fround(task === 'regression' ? 2 / batchCount : 1 / batchCount);
  for (let i = 0; i < count; i++) {
    const out = output[i]!;
    const y = targets[positions[i]!]!;
    delta[i] = scale * Math.fround((task === 'regression' ? out : sigmoid(out)) - y);
  }
}
