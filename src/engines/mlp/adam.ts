/**
 * Adam as Keras (and al_models.py) implement it: the bias correction is folded into the step size,
 * lr_t = lr · sqrt(1 - β2^t) / (1 - β1^t), and ε is added to sqrt(v) of the *uncorrected* second moment:
 * p -= lr_t · m / (sqrt(v) + ε). The L2 penalty's gradient 2·l2·W is added here, per matrix, so the
 * backward pass need not make a second sweep over W1.
 */
import type { MlpGradients } from './backward-pass.js';
import type { MlpNetwork } from './mlp-network.js';

export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const KERAS_ADAM: Omit<AdamSettings, 'lr'> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export interface AdamState {
  /** Steps taken so far. */
  step: number;
  readonly m: Float32Array[];
  readonly v: Float32Array[];
}

/** Zero moments for `net`'s weights then biases (the order `adamStep` walks them in). */
export function createAdam(net: MlpNetwork): AdamState {
  const shapes = [...net.weights, ...net.biases];
  return {
    step: 0,
    m: shapes.map((p) => new Float32Array(p.length)),
    v: shapes.map((p) => new Float32Array(p.length)),
  };
}

/** One Adam step on every parameter; `l2` applies to the weight matrices l2Penalty counts. */
export function adamStep(net: MlpNetwork, grads: MlpGradients, state: AdamState, adam: AdamSettings, l2: number): void {
  state.step += 1;
  const t = state.step;
  const lrT = (adam.lr * Math.sqrt(1 - adam.beta2 ** t)) / (1 - adam.beta1 ** t);
  const layers = net.weights.length;
  for (let l = 0; l < layers; l++) {
    const decay = l + 1 < layers ? 2 * l2 : 0;
    update(net.weights[l]!, grads.weights[l]!, state.m[l]!, state.v[l]!, decay, lrT, adam);
  }
  for (let l = 0; l < layers; l++) {
    update(net.biases[l]!, grads.biases[l]!, state.m[layers + l]!, state.v[layers + l]!, 0, lrT, adam);
  }
}

function update(
  p: Float32Array,
  g: Float64Array,
  m: Float32Array,
  v: Float32Array,
  decay: number,
  lrT: number,
  adam: AdamSettings,
): void {
  const { beta1, beta2, epsilon } = adam;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let q = 0; q < p.length; q++) {
    const grad = g[q]! + decay * p[q]!;
    const mq = beta1 * m[q]! + c1 * grad;
    const vq = beta2 * v[q]! + c2 * grad * grad;
    m[q] = mq;
    v[q] = vq;
    p[q] = p[q]! - (lrT * mq) / (Math.sqrt(vq) + epsilon);
  }
}
