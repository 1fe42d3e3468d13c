/**
 * Adam as Keras (and al_models.py) implement it: the bias correction is folded into the step size,
 * lr_t = lr · sqrt(1 - β2^t) / (1 - β1^t), and ε is added to sqrt(v) of the *uncorrected* second moment:
 * p -= lr_t · m / (sqrt(v) + ε). The L2 penalty's gradient 2·l2·W is added here, per matrix, so the
 * backward pass need not make a second sweep over W1.
 *
 * Every operation is rounded to float32 (Math.fround), the constants too, as Keras runs Adam on float32
 * variables and numpy on al_models.py's float32 arrays: faithfulness to MolPAL, not speed, is the reason.
 * It matters more than it seems: a parameter whose gradient nearly cancels (data term against 2·l2·W) keeps
 * a float32 rounding residue of that sum, and m / (sqrt(v) + ε) turns even a residue into a step of about
 * lr_t, so float32 and float64 arithmetic walk such parameters differently.
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
  // lr_t itself is a float64 scalar in both Keras' and the reference's code, rounded where it meets float32.
  const lrT = Math.fround((adam.lr * Math.sqrt(1 - adam.beta2 ** t)) / (1 - adam.beta1 ** t));
  const layers = net.weights.length;
  for (let l = 0; l < layers; l++) {
    const decay = l + 1 < layers ? Math.fround(2 * l2) : 0;
    update(net.weights[l]!, grads.weights[l]!, state.m[l]!, state.v[l]!, decay, lrT, adam);
  }
  for (let l = 0; l < layers; l++) {
    update(net.biases[l]!, grads.biases[l]!, state.m[layers + l]!, state.v[layers + l]!, 0, lrT, adam);
  }
}

function update(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  decay: number,
  lrT: number,
  adam: AdamSettings,
): void {
  const f = Math.fround;
  const [b1, b2, eps, c1, c2] = [adam.beta1, adam.beta2, adam.epsilon, 1 - adam.beta1, 1 - adam.beta2].map(f);
  // The reference's order of operations: g + 2·l2·W; m = b1·m + c1·g; v = b2·v + (c2·g)·g;
  // p -= (lr_t·m) / (sqrt(v) + ε), each result a float32.
  for (let q = 0; q < p.length; q++) {
    const pq = p[q]!;
    const grad = decay === 0 ? g[q]! : f(g[q]! + f(decay * pq));
    const mq = f(f(b1! * m[q]!) + f(c1! * grad));
    const vq = f(f(b2! * v[q]!) + f(f(c2! * grad) * grad));
    m[q] = mq;
    v[q] = vq;
    p[q] = pq - f(f(lrT * mq) / f(f(Math.sqrt(vq)) + eps!));
  }
}
