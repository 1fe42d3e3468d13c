/**
 * Network weights during training: Glorot-uniform initialisation (Keras' default for Dense kernels) with zero
 * biases, copies for early stopping, and the L2 penalty. Layout as in `MlpMember`: `weights[l][k * out + j]`.
 */
import type { Rng } from '../../shared/rng.js';

export interface MlpNetwork {
  readonly sizes: readonly number[];
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
}

/** Weights uniform in ±sqrt(6 / (fanIn + fanOut)), drawn layer by layer in storage order; biases 0. */
export function initNetwork(sizes: readonly number[], rng: Rng): MlpNetwork {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = new Float32Array(fanIn * fanOut);
    for (let q = 0; q < w.length; q++) w[q] = (2 * rng.next() - 1) * limit;
    weights.push(w);
    biases.push(new Float32Array(fanOut));
  }
  return { sizes: [...sizes], weights, biases };
}

export function cloneNetwork(net: MlpNetwork): MlpNetwork {
  return {
    sizes: [...net.sizes],
    weights: net.weights.map((w) => w.slice()),
    biases: net.biases.map((b) => b.slice()),
  };
}

/** Copies `from` into `to` (same shapes) without allocating. */
export function copyNetworkInto(from: MlpNetwork, to: MlpNetwork): void {
  from.weights.forEach((w, l) => to.weights[l]!.set(w));
  from.biases.forEach((b, l) => to.biases[l]!.set(b));
}

/**
 * l2·ΣW² over the matrices that feed hidden layers: MolPAL puts `kernel_regularizer=l2(l2)` on its hidden
 * Dense layers only, so the output layer's weights and all biases are free (al_models.py: `self.W[:-1]`).
 */
export function l2Penalty(net: MlpNetwork, l2: number): number {
  if (l2 === 0) return 0;
  let sum = 0;
  for (let l = 0; l + 1 < net.weights.length; l++) {
    const w = net.weights[l]!;
    for (let q = 0; q < w.length; q++) sum += w[q]! * w[q]!;
  }
  return l2 * sum;
}
