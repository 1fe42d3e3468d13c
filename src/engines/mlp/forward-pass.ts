/**
 * Forward pass of a batch: first layer as a gather-sum over each row's non-zero inputs, dense ReLU layers,
 * one linear output unit. Activations are batch-major (`hidden[l][i * width + j]`); every loop runs in a fixed
 * order, so the same weights and rows give bit-identical outputs.
 *
 * Weights and activations are stored as float32 (as Keras and the reference store them). Layers whose widths
 * are multiples of 4 (the default 100) run in WebAssembly SIMD with float32 sums, as the reference's float32
 * numpy products (gather-kernel.ts: about 3× faster trainings); the others, and valued (descriptor) first
 * layers, run here, summing in float64 and rounding once when stored.
 */
import type { Rng } from '../../shared/rng.js';
import { simdDenseLayer, simdFirstLayer, simdWidth } from './gather-kernel.js';
import type { MlpInput } from './mlp-input.js';
import type { MlpNetwork } from './mlp-network.js';

/** Scratch for batches of up to `capacity` rows. */
export interface MlpWorkspace {
  readonly capacity: number;
  /** Output of hidden layer l (after ReLU and dropout), `capacity × sizes[l + 1]`. */
  readonly hidden: Float32Array[];
  /** Network output per row (standardised target, or the logit for classification). */
  readonly output: Float64Array;
  /** dLoss/d(pre-activation) of layer l's units, `capacity × sizes[l + 1]` (filled by the backward pass). */
  readonly deltas: Float32Array[];
  readonly zRow: Float64Array;
  /** A row's non-zero inputs (offsets into W) and their values, for denseLayer. */
  readonly nonZeroAt: Int32Array;
  readonly nonZeroValue: Float64Array;
}

/**
 * Dropout as MolPAL's Keras `Dropout` layers: each hidden unit is zeroed with probability `rate` and kept ones
 * are scaled by 1 / (1 - rate). `rngs[i]` draws row i's masks (training passes one shared stream for all rows;
 * Monte-Carlo prediction one stream per matrix row, so a row's masks do not depend on its batch).
 */
export interface DropoutDraw {
  readonly rate: number;
  readonly rngs: readonly Rng[];
}

export function createWorkspace(sizes: readonly number[], capacity: number): MlpWorkspace {
  const layers = sizes.length - 1;
  const hidden: Float32Array[] = [];
  const deltas: Float32Array[] = [];
  for (let l = 0; l < layers; l++) {
    if (l + 1 < layers) hidden.push(new Float32Array(capacity * sizes[l + 1]!));
    deltas.push(new Float32Array(capacity * sizes[l + 1]!));
  }
  const widest = Math.max(...sizes);
  return {
    capacity,
    hidden,
    output: new Float64Array(capacity),
    deltas,
    zRow: new Float64Array(widest),
    nonZeroAt: new Int32Array(widest),
    nonZeroValue: new Float64Array(widest),
  };
}

/** Runs input rows `positions[0..count)` through the network (at least one hidden layer) into `ws.output`. */
export function forwardBatch(
  net: MlpNetwork,
  input: MlpInput,
  positions: Int32Array,
  count: number,
  ws: MlpWorkspace,
  dropout: DropoutDraw | null,
): void {
  const last = net.weights.length - 1;
  const { sizes, weights, biases } = net;
  firstLayer(input, positions, count, weights[0]!, biases[0]!, sizes[1]!, ws.zRow, ws.hidden[0]!);
  if (dropout !== null) drop(ws.hidden[0]!, count * sizes[1]!, sizes[1]!, dropout);
  for (let l = 1; l < last; l++) {
    denseLayer(ws.hidden[l - 1]!, count, sizes[l]!, weights[l]!, biases[l]!, sizes[l + 1]!, ws, ws.hidden[l]!);
    if (dropout !== null) drop(ws.hidden[l]!, count * sizes[l + 1]!, sizes[l + 1]!, dropout);
  }
  outputLayer(ws.hidden[last - 1]!, count, sizes[last]!, weights[last]!, biases[last]![0]!, ws.output);
}

/**
 * out[i, :] = b + Σ_p value[p] · W[index[p], :] over row positions[i]'s non-zero inputs: bit inputs of a
 * width that is a multiple of 4 in WebAssembly SIMD (gather-kernel.ts, float32 sums), the rest here.
 */
function firstLayer(
  input: MlpInput,
  positions: Int32Array,
  count: number,
  W: Float32Array,
  b: Float32Array,
  width: number,
  z: Float64Array,
  out: Float32Array,
): void {
  const { offsets, index, value } = input;
  if (value === null && simdWidth(width)) {
    simdFirstLayer(offsets, index, positions, count, W, b, width, out);
    return;
  }
  for (let i = 0; i < count; i++) {
    const row = positions[i]!;
    for (let j = 0; j < width; j++) z[j] = b[j]!;
    if (value === null) gatherBits(z, W, index, offsets[row]!, offsets[row + 1]!, width);
    else gatherScaled(z, W, index, value, offsets[row]!, offsets[row + 1]!, width);
    const o = i * width;
    for (let j = 0; j < width; j++) out[o + j] = relu(z[j]!);
  }
}

/**
 * z += Σ W[index[p], :] for p in [start, end) (hot kernel). Eight rows per sweep of z, then four: an eighth of
 * the loads and stores of z (four rows a sweep measured 1.6-1.9× faster than one; eight, see bench/README.md).
 */
function gatherBits(z: Float64Array, W: Float32Array, index: Int32Array, start: number, end: number, width: number) {
  let p = start;
  for (; p + 7 < end; p += 8) {
    const b0 = index[p]! * width;
    const b1 = index[p + 1]! * width;
    const b2 = index[p + 2]! * width;
    const b3 = index[p + 3]! * width;
    const b4 = index[p + 4]! * width;
    const b5 = index[p + 5]! * width;
    const b6 = index[p + 6]! * width;
    const b7 = index[p + 7]! * width;
    for (let j = 0; j < width; j++) {
      z[j]! +=
        W[b0 + j]! + W[b1 + j]! + (W[b2 + j]! + W[b3 + j]!) + (W[b4 + j]! + W[b5 + j]! + (W[b6 + j]! + W[b7 + j]!));
    }
  }
  for (; p + 3 < end; p += 4) {
    const b0 = index[p]! * width;
    const b1 = index[p + 1]! * width;
    const b2 = index[p + 2]! * width;
    const b3 = index[p + 3]! * width;
    for (let j = 0; j < width; j++) z[j]! += W[b0 + j]! + W[b1 + j]! + (W[b2 + j]! + W[b3 + j]!);
  }
  for (; p < end; p++) {
    const b0 = index[p]! * width;
    for (let j = 0; j < width; j++) z[j]! += W[b0 + j]!;
  }
}

/** z += Σ value[p] · W[index[p], :] (dense or valued inputs; not unrolled, descriptor rows are short). */
function gatherScaled(
  z: Float64Array,
  W: Float32Array,
  index: Int32Array,
  value: Float64Array,
  start: number,
  end: number,
  width: number,
): void {
  for (let p = start; p < end; p++) {
    const b0 = index[p]! * width;
    const v = value[p]!;
    for (let j = 0; j < width; j++) z[j]! += v * W[b0 + j]!;
  }
}

/**
 * out[i, :] = b + Σ_k h[i, k] · W[k, :] (hot kernel). The non-zero inputs of a row (ReLU leaves about half at 0)
 * are listed first, then added four rows of W per sweep, as in gatherBits (measured 2.5× faster than a
 * skip-the-zeros loop over k).
 */
function denseLayer(
  h: Float32Array,
  count: number,
  nIn: number,
  W: Float32Array,
  b: Float32Array,
  nOut: number,
  ws: MlpWorkspace,
  out: Float32Array,
): void {
  if (simdWidth(nIn) && simdWidth(nOut)) {
    simdDenseLayer(h, count, nIn, W, b, nOut, out);
    return;
  }
  const { zRow: z, nonZeroAt: at, nonZeroValue: av } = ws;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < nOut; j++) z[j] = b[j]!;
    const hi = i * nIn;
    let c = 0;
    for (let k = 0; k < nIn; k++) {
      const a = h[hi + k]!;
      if (a === 0) continue;
      at[c] = k * nOut;
      av[c++] = a;
    }
    let q = 0;
    for (; q + 7 < c; q += 8) denseSweep8(z, W, at, av, q, nOut);
    for (; q + 3 < c; q += 4) {
      const b0 = at[q]!;
      const b1 = at[q + 1]!;
      const b2 = at[q + 2]!;
      const b3 = at[q + 3]!;
      const a0 = av[q]!;
      const a1 = av[q + 1]!;
      const a2 = av[q + 2]!;
      const a3 = av[q + 3]!;
      for (let j = 0; j < nOut; j++) z[j]! += a0 * W[b0 + j]! + a1 * W[b1 + j]! + (a2 * W[b2 + j]! + a3 * W[b3 + j]!);
    }
    for (; q < c; q++) {
      const b0 = at[q]!;
      const a0 = av[q]!;
      for (let j = 0; j < nOut; j++) z[j]! += a0 * W[b0 + j]!;
    }
    const o = i * nOut;
    for (let j = 0; j < nOut; j++) out[o + j] = relu(z[j]!);
  }
}

/**
 * ReLU as the hidden layers' outputs are stored (NaN stays NaN, as in Keras). Taken before the float32
 * rounding: a negative value that rounds to -0 is stored as 0, which every later step treats alike.
 */
function relu(v: number): number {
  return v < 0 ? 0 : v;
}

/** z += Σ av[q + t] · W[at[q + t], :] for t < 8: eight rows of W per sweep of z (see denseLayer). */
function denseSweep8(
  z: Float64Array,
  W: Float32Array,
  at: Int32Array,
  av: Float64Array,
  q: number,
  nOut: number,
): void {
  const b0 = at[q]!;
  const b1 = at[q + 1]!;
  const b2 = at[q + 2]!;
  const b3 = at[q + 3]!;
  const b4 = at[q + 4]!;
  const b5 = at[q + 5]!;
  const b6 = at[q + 6]!;
  const b7 = at[q + 7]!;
  const a0 = av[q]!;
  const a1 = av[q + 1]!;
  const a2 = av[q + 2]!;
  const a3 = av[q + 3]!;
  const a4 = av[q + 4]!;
  const a5 = av[q + 5]!;
  const a6 = av[q + 6]!;
  const a7 = av[q + 7]!;
  for (let j = 0; j < nOut; j++) {
    z[j]! +=
      a0 * W[b0 + j]! +
      a1 * W[b1 + j]! +
      (a2 * W[b2 + j]! + a3 * W[b3 + j]!) +
      (a4 * W[b4 + j]! + a5 * W[b5 + j]! + (a6 * W[b6 + j]! + a7 * W[b7 + j]!));
  }
}

/** out[i] = b + h[i, :] · w: the single linear output unit (four partial sums break the add latency chain). */
function outputLayer(h: Float32Array, count: number, nIn: number, w: Float32Array, b: number, out: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const hi = i * nIn;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let k = 0;
    for (; k + 3 < nIn; k += 4) {
      s0 += h[hi + k]! * w[k]!;
      s1 += h[hi + k + 1]! * w[k + 1]!;
      s2 += h[hi + k + 2]! * w[k + 2]!;
      s3 += h[hi + k + 3]! * w[k + 3]!;
    }
    for (; k < nIn; k++) s0 += h[hi + k]! * w[k]!;
    // A float32 output as Keras' and the reference's (its deltas and predictions start from it).
    out[i] = Math.fround(b + (s0 + s1 + (s2 + s3)));
  }
}

/** Dropout of ReLU outputs in place (masks drawn row by row, unit by unit). */
function drop(h: Float32Array, length: number, width: number, dropout: DropoutDraw): void {
  if (dropout.rate === 0) return;
  const { rate, rngs } = dropout;
  const keepScale = 1 / (1 - rate);
  for (let q = 0, i = 0; q < length; i++) {
    const rng = rngs[i]!;
    for (let j = 0; j < width; j++, q++) h[q] = rng.next() >= rate ? h[q]! * keepScale : 0;
  }
}
