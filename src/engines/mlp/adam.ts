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
 * lr_t, so float32 and float64 arithmetic walk such parameters differently. The update runs in WebAssembly
 * SIMD (adam-wasm.ts: float32 arithmetic, bit for bit the fround form below, which updates the last
 * length % 4 elements of each tensor).
 */
import { createAdamKernel, type AdamKernel } from './adam-wasm.js';
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
  /** The moments, weights then biases (views of the kernel's memory). */
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  readonly kernel: AdamKernel;
}

/** Zero moments for `net`'s weights then biases (the order `adamStep` walks them in). */
export function createAdam(net: MlpNetwork): AdamState {
  const kernel = createAdamKernel([...net.weights, ...net.biases].map((p) => p.length));
  return { step: 0, m: kernel.m, v: kernel.v, kernel };
}

/**
 * One Adam step on every parameter; `l2` applies to the weight matrices l2Penalty counts. With `more` the
 * gradient is grads + more, each element one float32 sum (a team step's two shards, in shard order).
 */
export function adamStep(
  net: MlpNetwork,
  grads: MlpGradients,
  state: AdamState,
  adam: AdamSettings,
  l2: number,
  more: MlpGradients | null = null,
): void {
  state.step += 1;
  const t = state.step;
  const f = Math.fround;
  // lr_t itself is a float64 scalar in both Keras' and the reference's code, rounded where it meets float32.
  const lrT = f((adam.lr * Math.sqrt(1 - adam.beta2 ** t)) / (1 - adam.beta1 ** t));
  const [b1, c1, b2, c2] = [adam.beta1, 1 - adam.beta1, adam.beta2, 1 - adam.beta2].map(f);
  const layers = net.weights.length;
  const tensors = [...net.weights, ...net.biases];
  const gradients = [...grads.weights, ...grads.biases];
  const others = more === null ? null : [...more.weights, ...more.biases];
  tensors.forEach((p, i) => {
    // With no decay, g + 0·W is g itself.
    const decay = i + 1 < layers ? f(2 * l2) : 0;
    const constants = [decay, b1!, c1!, b2!, c2!, lrT, f(adam.epsilon)];
    const h = others === null ? null : others[i]!;
    state.kernel.update(i, p, gradients[i]!, h, constants);
    tail(p, gradients[i]!, h, state.m[i]!, state.v[i]!, constants);
  });
}

/** The kernel's update on the elements after the last whole group of four. */
function tail(
  p: Float32Array,
  g: Float32Array,
  h: Float32Array | null,
  m: Float32Array,
  v: Float32Array,
  constants: readonly number[],
) {
  const f = Math.fround;
  const [decay, b1, c1, b2, c2, lrT, eps] = constants as [number, number, number, number, number, number, number];
  // The reference's order of operations: g + 2·l2·W; m = b1·m + c1·g; v = b2·v + (c2·g)·g;
  // p -= (lr_t·m) / (sqrt(v) + ε), each result a float32.
  for (let q = p.length - (p.length % 4); q < p.length; q++) {
    const pq = p[q]!;
    const gq = h === null ? g[q]! : f(g[q]! + h[q]!);
    const grad = f(gq + f(decay * pq));
    const mq = f(f(b1 * m[q]!) + f(c1 * grad));
    const vq = f(f(b2 * v[q]!) + f(f(c2 * grad) * grad));
    m[q] = mq;
    v[q] = vq;
    p[q] = pq - f(f(lrT * mq) / f(f(Math.sqrt(vq)) + eps));
  }
}
