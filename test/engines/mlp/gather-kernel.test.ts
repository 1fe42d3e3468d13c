import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/shared/rng.js';
import {
  simdDenseLayer,
  simdFirstLayer,
  simdFirstLayerBitsGradient,
  simdPropagate,
  simdWeightGradient,
  simdWidth,
} from '../../../src/engines/mlp/gather-kernel.js';

const f = Math.fround;
const rng = createRng(3, 'gather-kernel-test');
const randoms = (n: number, zeros = 0) =>
  Float32Array.from({ length: n }, () => (rng.next() < zeros ? 0 : f(rng.next() * 2 - 1)));

/** A CSR input of `rows` rows with 0-6 distinct on-bits each among `bits`. */
function csr(rows: number, bits: number): { offsets: Int32Array; index: Int32Array } {
  const offsets = new Int32Array(rows + 1);
  const index: number[] = [];
  for (let r = 0; r < rows; r++) {
    const on = new Set<number>();
    const want = rng.int(7);
    while (on.size < want) on.add(rng.int(bits));
    index.push(...[...on].sort((a, b) => a - b));
    offsets[r + 1] = index.length;
  }
  return { offsets, index: Int32Array.from(index) };
}

// Widths 4, 36 (one block of 8 lane groups and one single group) and 100 (the default).
describe.each([4, 36, 100])('SIMD kernels, width %i: bit-identical to float32 sums in the same order', (width) => {
  const [rows, bits] = [9, 20];
  const { offsets, index } = csr(rows, bits);
  const positions = Int32Array.from([4, 0, 8, 2, 2, 7]);
  const count = positions.length;

  it('first layer: gather of W1 rows, ReLU', () => {
    const W = randoms(bits * width);
    const b = randoms(width);
    const out = new Float32Array(count * width);
    simdFirstLayer(offsets, index, positions, count, W, b, width, out);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < width; j++) {
        let z = b[j]!;
        for (let p = offsets[positions[i]!]!; p < offsets[positions[i]! + 1]!; p++)
          z = f(z + W[index[p]! * width + j]!);
        expect(out[i * width + j]).toBe(z < 0 ? 0 : z);
      }
    }
  });

  it('first layer gradient: scatter of delta rows into on-bit rows, in batch order', () => {
    const d = randoms(count * width);
    const dW = new Float32Array(bits * width).fill(7);
    simdFirstLayerBitsGradient(offsets, index, positions, count, d, width, dW);
    const want = new Float32Array(bits * width);
    for (let i = 0; i < count; i++) {
      for (let p = offsets[positions[i]!]!; p < offsets[positions[i]! + 1]!; p++) {
        for (let j = 0; j < width; j++)
          want[index[p]! * width + j] = f(want[index[p]! * width + j]! + d[i * width + j]!);
      }
    }
    expect(Array.from(dW)).toEqual(Array.from(want));
  });

  it('hidden layer: forward, weight gradient and back-propagation', () => {
    const nIn = width;
    const nOut = width === 4 ? 8 : 4;
    const h = randoms(count * nIn, 0.5).map((v) => (v < 0 ? 0 : v));
    const W = randoms(nIn * nOut);
    const b = randoms(nOut);
    const out = new Float32Array(count * nOut);
    simdDenseLayer(h, count, nIn, W, b, nOut, out);
    const d = randoms(count * nOut, 0.3);
    const dW = new Float32Array(nIn * nOut);
    simdWeightGradient(h, d, count, nIn, nOut, dW);
    const dPrev = new Float32Array(count * nIn).fill(9);
    simdPropagate(d, h, count, nIn, nOut, W, 2, dPrev);
    const wantW = new Float32Array(nIn * nOut);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < nOut; j++) {
        let z = b[j]!;
        for (let k = 0; k < nIn; k++) if (h[i * nIn + k] !== 0) z = f(z + f(h[i * nIn + k]! * W[k * nOut + j]!));
        expect(out[i * nOut + j]).toBe(z < 0 ? 0 : z);
      }
      for (let k = 0; k < nIn; k++) {
        const a = h[i * nIn + k]!;
        if (a !== 0)
          for (let j = 0; j < nOut; j++) wantW[k * nOut + j] = f(wantW[k * nOut + j]! + f(a * f(d[i * nOut + j]!)));
        let s = 0;
        for (let j = 0; j < nOut; j++) if (d[i * nOut + j] !== 0) s = f(s + f(f(d[i * nOut + j]!) * W[k * nOut + j]!));
        expect(dPrev[i * nIn + k]).toBe(a > 0 ? s * 2 : 0);
      }
    }
    expect(Array.from(dW)).toEqual(Array.from(wantW));
  });
});

describe('simdWidth', () => {
  it('takes positive multiples of 4 only', () => {
    expect([0, 3, 4, 6, 8, 100, 101].map(simdWidth)).toEqual([false, false, true, false, true, true, false]);
  });
});
