/**
 * The first layer's weight gradient in JavaScript, for layers the SIMD kernel does not take (widths that are
 * not multiples of 4, or inputs with values other than 1): the batch's inputs are transposed (for each input,
 * the batch rows where it is non-zero) and dW1[k, :] is gathered from those rows' deltas, as backward-pass.ts
 * explains.
 */
import type { MlpGradients } from './backward-pass.js';
import type { MlpInput } from './mlp-input.js';

/** Writes dW1 (grads.weights[0]) from the first layer's deltas `d` of the batch rows at `positions`. */
export function firstLayerGradient(
  input: MlpInput,
  positions: Int32Array,
  count: number,
  d: Float32Array,
  grads: MlpGradients,
): void {
  const width = grads.biases[0]!.length;
  transposeInputs(input, positions, count, width, grads);
  if (input.value === null) firstLayerBitsGradient(d, width, grads, grads.weights[0]!);
  else firstLayerValuesGradient(d, width, grads, grads.weights[0]!);
}

/** Counting sort of the batch's non-zero inputs by input index (rows stay in batch order within an input). */
function transposeInputs(input: MlpInput, positions: Int32Array, count: number, width: number, g: MlpGradients) {
  const { offsets, index, value } = input;
  const { start, cursor } = g;
  start.fill(0);
  for (let i = 0; i < count; i++) {
    const row = positions[i]!;
    for (let p = offsets[row]!; p < offsets[row + 1]!; p++) start[index[p]! + 1]! += 1;
  }
  for (let k = 0; k < cursor.length; k++) {
    start[k + 1]! += start[k]!;
    cursor[k] = start[k]!;
  }
  if (start[cursor.length]! > g.rowAt.length) {
    g.rowAt = new Int32Array(start[cursor.length]!);
    g.valueAt = new Float64Array(start[cursor.length]!);
  }
  const { rowAt, valueAt } = g;
  for (let i = 0; i < count; i++) {
    const row = positions[i]!;
    for (let p = offsets[row]!; p < offsets[row + 1]!; p++) {
      const q = cursor[index[p]!]!++;
      rowAt[q] = i * width;
      valueAt[q] = value === null ? 1 : value[p]!;
    }
  }
}

/** dW1[k, :] = Σ value · d[row, :] over the batch rows where input k is non-zero (hot kernel). */
function firstLayerValuesGradient(d: Float32Array, width: number, g: MlpGradients, dW: Float32Array): void {
  const { start, rowAt: at, valueAt: av } = g;
  const inputs = start.length - 1;
  for (let k = 0; k < inputs; k++) {
    const base = k * width;
    for (let j = 0; j < width; j++) dW[base + j] = 0;
    const end = start[k + 1]!;
    let q = start[k]!;
    for (; q + 3 < end; q += 4) {
      const r0 = at[q]!;
      const r1 = at[q + 1]!;
      const r2 = at[q + 2]!;
      const r3 = at[q + 3]!;
      const a0 = av[q]!;
      const a1 = av[q + 1]!;
      const a2 = av[q + 2]!;
      const a3 = av[q + 3]!;
      for (let j = 0; j < width; j++)
        dW[base + j]! += a0 * d[r0 + j]! + a1 * d[r1 + j]! + (a2 * d[r2 + j]! + a3 * d[r3 + j]!);
    }
    for (; q < end; q++) {
      const r0 = at[q]!;
      const a0 = av[q]!;
      for (let j = 0; j < width; j++) dW[base + j]! += a0 * d[r0 + j]!;
    }
  }
}

/**
 * firstLayerValuesGradient for bit inputs (every value 1): dW1[k, :] = Σ d[row, :], eight rows a sweep, then four
 * (hot kernel; no multiplications, an eighth of the loads and stores of dW1's row).
 */
function firstLayerBitsGradient(d: Float32Array, width: number, g: MlpGradients, dW: Float32Array): void {
  const { start, rowAt: at } = g;
  const inputs = start.length - 1;
  for (let k = 0; k < inputs; k++) {
    const base = k * width;
    for (let j = 0; j < width; j++) dW[base + j] = 0;
    const end = start[k + 1]!;
    let q = start[k]!;
    for (; q + 7 < end; q += 8) {
      const r0 = at[q]!;
      const r1 = at[q + 1]!;
      const r2 = at[q + 2]!;
      const r3 = at[q + 3]!;
      const r4 = at[q + 4]!;
      const r5 = at[q + 5]!;
      const r6 = at[q + 6]!;
      const r7 = at[q + 7]!;
      for (let j = 0; j < width; j++) {
        dW[base + j]! +=
          d[r0 + j]! + d[r1 + j]! + (d[r2 + j]! + d[r3 + j]!) + (d[r4 + j]! + d[r5 + j]! + (d[r6 + j]! + d[r7 + j]!));
      }
    }
    for (; q + 3 < end; q += 4) {
      const r0 = at[q]!;
      const r1 = at[q + 1]!;
      const r2 = at[q + 2]!;
      const r3 = at[q + 3]!;
      for (let j = 0; j < width; j++) dW[base + j]! += d[r0 + j]! + d[r1 + j]! + (d[r2 + j]! + d[r3 + j]!);
    }
    for (; q < end; q++) {
      const r0 = at[q]!;
      for (let j = 0; j < width; j++) dW[base + j]! += d[r0 + j]!;
    }
  }
}
