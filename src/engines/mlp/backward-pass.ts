/**
 * Backward pass of a batch: from dLoss/d(output) in `ws.deltas[last]`, writes the loss gradient of every
 * weight and bias into `grads` (overwriting it). Layers whose widths are multiples of 4 run in WebAssembly
 * SIMD (gather-kernel.ts, float32 sums in batch order); the JavaScript kernels below (and the first layer's in
 * first-layer-gradient.ts) serve the others.
 * Deltas and gradients are stored as float32, as Keras' and the reference's float32 tensors (adam.ts says why
 * that matters); the JavaScript kernels add a few terms in float64 and round on every store.
 *
 * Here every weight gradient is a gather, one output row at a time, never a scatter-add: for W1 the batch's
 * inputs are first transposed (for each input, the batch rows where it is non-zero), and dW1[k, :] is the sum
 * of those rows' deltas, as in the forward pass; a dense layer's dW[k, :] likewise sums h[i, k] · d[i, :]
 * over the rows where unit k is active. Each element is written once, rows are added in ascending batch
 * order, and no zeroing pass is needed (measured 2× faster than scatter-adding row by row in JavaScript).
 */
import { firstLayerGradient } from './first-layer-gradient.js';
import type { MlpWorkspace } from './forward-pass.js';
import { simdFirstLayerBitsGradient, simdPropagate, simdWeightGradient, simdWidth } from './gather-kernel.js';
import type { MlpInput } from './mlp-input.js';
import type { MlpNetwork } from './mlp-network.js';

/** Gradients, shaped like the network's weights and biases, and the scratch that computes them. */
export interface MlpGradients {
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  /** Batch transpose of the first layer's inputs: input k is non-zero in rows rowAt[start[k] .. start[k + 1]). */
  readonly start: Int32Array;
  readonly cursor: Int32Array;
  /** Offsets (row · width) into the first layer's deltas, and the input values (all 1 for bits); grown on demand. */
  rowAt: Int32Array;
  valueAt: Float64Array;
  /** Rows where a unit is active (offsets into d) with h's value, for weightGradient. */
  readonly activeD: Int32Array;
  readonly activeValue: Float64Array;
  /** A row's active units, for propagate. */
  readonly units: Int32Array;
}

/**
 * Gradients for `net`, batches of up to `capacity` rows from `input` (sized for a batch of distinct rows),
 * written into `into` when given (a shard's slot of a team buffer).
 */
export function createGradients(
  net: MlpNetwork,
  input: MlpInput,
  capacity: number,
  into?: { readonly weights: Float32Array[]; readonly biases: Float32Array[] },
): MlpGradients {
  const nonZeros = input.index.length;
  const widest = Math.max(...net.sizes);
  return {
    weights: into?.weights ?? net.weights.map((w) => new Float32Array(w.length)),
    biases: into?.biases ?? net.biases.map((b) => new Float32Array(b.length)),
    start: new Int32Array(net.sizes[0]! + 1),
    cursor: new Int32Array(net.sizes[0]!),
    rowAt: new Int32Array(nonZeros),
    valueAt: new Float64Array(nonZeros),
    activeD: new Int32Array(capacity),
    activeValue: new Float64Array(capacity),
    units: new Int32Array(widest),
  };
}

/**
 * Writes the batch's gradient into `grads`. `ws` must still hold this batch's forward pass; `dropoutRate` is
 * the rate used there (a unit dropped in the forward pass has output 0 and so gets no gradient).
 */
export function backwardBatch(
  net: MlpNetwork,
  input: MlpInput,
  positions: Int32Array,
  count: number,
  ws: MlpWorkspace,
  grads: MlpGradients,
  dropoutRate: number,
): void {
  const { sizes } = net;
  const keepScale = dropoutRate > 0 ? 1 / (1 - dropoutRate) : 1;
  for (let l = net.weights.length - 1; l >= 1; l--) {
    const h = ws.hidden[l - 1]!;
    const d = ws.deltas[l]!;
    const [nIn, nOut] = [sizes[l]!, sizes[l + 1]!];
    biasGradient(d, count, nOut, grads.biases[l]!);
    if (simdWidth(nIn) && simdWidth(nOut)) {
      simdWeightGradient(h, d, count, nIn, nOut, grads.weights[l]!);
      simdPropagate(d, h, count, nIn, nOut, net.weights[l]!, keepScale, ws.deltas[l - 1]!);
      continue;
    }
    weightGradient(h, d, count, nIn, nOut, grads, grads.weights[l]!);
    propagate(d, h, count, nIn, nOut, net.weights[l]!, keepScale, grads, ws.deltas[l - 1]!);
  }
  biasGradient(ws.deltas[0]!, count, sizes[1]!, grads.biases[0]!);
  if (input.value === null && simdWidth(sizes[1]!)) {
    const { offsets, index } = input;
    simdFirstLayerBitsGradient(offsets, index, positions, count, ws.deltas[0]!, sizes[1]!, grads.weights[0]!);
    return;
  }
  firstLayerGradient(input, positions, count, ws.deltas[0]!, grads);
}

function biasGradient(d: Float32Array, count: number, width: number, db: Float32Array): void {
  db.fill(0);
  for (let i = 0; i < count; i++) {
    const di = i * width;
    for (let j = 0; j < width; j++) db[j]! += d[di + j]!;
  }
}

/** dW[k, :] = Σ_i h[i, k] · d[i, :] over the rows where unit k is active (hot kernel). */
function weightGradient(
  h: Float32Array,
  d: Float32Array,
  count: number,
  nIn: number,
  nOut: number,
  g: MlpGradients,
  dW: Float32Array,
): void {
  const { activeD: at, activeValue: av } = g;
  for (let k = 0; k < nIn; k++) {
    let c = 0;
    for (let i = 0; i < count; i++) {
      const a = h[i * nIn + k]!;
      if (a === 0) continue;
      at[c] = i * nOut;
      av[c++] = a;
    }
    const base = k * nOut;
    for (let j = 0; j < nOut; j++) dW[base + j] = 0;
    let q = 0;
    for (; q + 3 < c; q += 4) {
      const r0 = at[q]!;
      const r1 = at[q + 1]!;
      const r2 = at[q + 2]!;
      const r3 = at[q + 3]!;
      const a0 = av[q]!;
      const a1 = av[q + 1]!;
      const a2 = av[q + 2]!;
      const a3 = av[q + 3]!;
      for (let j = 0; j < nOut; j++)
        dW[base + j]! += a0 * d[r0 + j]! + a1 * d[r1 + j]! + (a2 * d[r2 + j]! + a3 * d[r3 + j]!);
    }
    for (; q < c; q++) {
      const r0 = at[q]!;
      const a0 = av[q]!;
      for (let j = 0; j < nOut; j++) dW[base + j]! += a0 * d[r0 + j]!;
    }
  }
}

/**
 * dPrev[i, k] = [h[i, k] > 0] · keepScale · Σ_j d[i, j] · W[k, j]: back through W, ReLU and dropout (hot
 * kernel). Four active units share each load of d[i, :], and their four sums run in parallel.
 */
function propagate(
  d: Float32Array,
  h: Float32Array,
  count: number,
  nIn: number,
  nOut: number,
  W: Float32Array,
  keepScale: number,
  g: MlpGradients,
  dPrev: Float32Array,
): void {
  const units = g.units;
  for (let i = 0; i < count; i++) {
    const di = i * nOut;
    const hi = i * nIn;
    let c = 0;
    for (let k = 0; k < nIn; k++) {
      if (h[hi + k]! > 0) units[c++] = k;
      else dPrev[hi + k] = 0;
    }
    let q = 0;
    for (; q + 3 < c; q += 4) {
      const k0 = units[q]!;
      const k1 = units[q + 1]!;
      const k2 = units[q + 2]!;
      const k3 = units[q + 3]!;
      const b0 = k0 * nOut;
      const b1 = k1 * nOut;
      const b2 = k2 * nOut;
      const b3 = k3 * nOut;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < nOut; j++) {
        const x = d[di + j]!;
        s0 += x * W[b0 + j]!;
        s1 += x * W[b1 + j]!;
        s2 += x * W[b2 + j]!;
        s3 += x * W[b3 + j]!;
      }
      dPrev[hi + k0] = s0 * keepScale;
      dPrev[hi + k1] = s1 * keepScale;
      dPrev[hi + k2] = s2 * keepScale;
      dPrev[hi + k3] = s3 * keepScale;
    }
    for (; q < c; q++) {
      const k0 = units[q]!;
      const b0 = k0 * nOut;
      let s0 = 0;
      for (let j = 0; j < nOut; j++) s0 += d[di + j]! * W[b0 + j]!;
      dPrev[hi + k0] = s0 * keepScale;
    }
  }
}
