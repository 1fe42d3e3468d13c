import { describe, expect, it } from 'vitest';
import { isAlcoveError } from '../../../src/shared/errors.js';
import type { FlatTree, SerializedForest } from '../../../src/shared/forest-types.js';
import {
  forestFromBytes,
  forestToBytes,
  mergeForests,
  shareForest,
} from '../../../src/engines/forest/merge-forests.js';
import { predictForest } from '../../../src/engines/forest/predict-forest.js';
import { trainBitForest } from '../../../src/engines/forest/train-bit-forest.js';
import { trainDenseForest } from '../../../src/engines/forest/train-dense-forest.js';
import { allRows, baseParams, bitMatrix, denseMatrix, randomOnBits } from './helpers.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAlcoveError(error) ? error.code : 'not an AlcoveError';
  }
  return undefined;
}

const awkward: FlatTree = {
  feature: Int32Array.from([2, -1, 0, -1, -1]),
  threshold: Float64Array.from([-0, 0, 5e-324, 0, 0]),
  left: Int32Array.from([1, -1, 3, -1, -1]),
  right: Int32Array.from([2, -1, 4, -1, -1]),
  value: Float64Array.from([0.1 + 0.2, -0, Number.MAX_VALUE, -Number.MIN_VALUE, 1 / 3]),
};

function sameBits(a: SerializedForest, b: SerializedForest): void {
  expect(b.kind).toBe(a.kind);
  expect(b.task).toBe(a.task);
  expect(b.features).toBe(a.features);
  expect(b.trees.length).toBe(a.trees.length);
  a.trees.forEach((t, i) => {
    const u = b.trees[i]!;
    expect(u.feature).toBeInstanceOf(Int32Array);
    expect(u.left).toBeInstanceOf(Int32Array);
    expect(u.right).toBeInstanceOf(Int32Array);
    expect(u.threshold).toBeInstanceOf(Float64Array);
    expect(u.value).toBeInstanceOf(Float64Array);
    for (const key of ['feature', 'left', 'right', 'threshold', 'value'] as const) {
      expect(u[key].length).toBe(t[key].length);
      t[key].forEach((v, j) => expect(Object.is(u[key][j], v)).toBe(true));
    }
  });
}

describe('mergeForests', () => {
  const X = bitMatrix(randomOnBits(50, 32, 0.3, 1), 32);
  const y = Float64Array.from({ length: 50 }, (_, i) => i % 5);

  it('concatenates trees in order', () => {
    const a = trainBitForest(X, allRows(50), y, { ...baseParams, trees: 2, bootstrap: true }, 0);
    const b = trainBitForest(X, allRows(50), y, { ...baseParams, trees: 3, bootstrap: true }, 2);
    const m = mergeForests([a, b]);
    expect(m.trees).toEqual([...a.trees, ...b.trees]);
    expect(m.trees[2]).toBe(b.trees[0]);
    expect(mergeForests([b, a]).trees[0]).toBe(b.trees[0]);
  });

  it('refuses incompatible or no parts', () => {
    const a = trainBitForest(X, allRows(50), y, baseParams);
    expect(code(() => mergeForests([]))).toBe('BAD_INPUT');
    expect(code(() => mergeForests([a, { ...a, task: 'classification' }]))).toBe('BAD_INPUT');
    expect(code(() => mergeForests([a, { ...a, features: 64 }]))).toBe('BAD_INPUT');
    expect(code(() => mergeForests([a, { ...a, kind: 'dense' }]))).toBe('BAD_INPUT');
  });
});

describe('forestToBytes / forestFromBytes', () => {
  it('round-trips trained bit and dense forests exactly', () => {
    const X = bitMatrix(randomOnBits(80, 64, 0.2, 2), 64);
    const y = Float64Array.from({ length: 80 }, (_, i) => Math.sin(i));
    const bits = trainBitForest(X, allRows(80), y, { ...baseParams, trees: 4, bootstrap: true });
    sameBits(bits, forestFromBytes(forestToBytes(bits)));
    expect(forestFromBytes(forestToBytes(bits))).toEqual(bits);

    const D = denseMatrix(Array.from({ length: 30 }, (_, i) => [i / 30, (i * 7) % 11]));
    const labels = Float64Array.from({ length: 30 }, (_, i) => (i > 14 ? 1 : 0));
    const dense = trainDenseForest(D, allRows(30), labels, {
      ...baseParams,
      task: 'classification',
      trees: 2,
      bootstrap: true,
    });
    sameBits(dense, forestFromBytes(forestToBytes(dense)));
  });

  it('keeps -0, subnormals and extremes bit for bit', () => {
    const forest: SerializedForest = { kind: 'dense', task: 'regression', features: 3, trees: [awkward, awkward] };
    const bytes = forestToBytes(forest);
    sameBits(forest, forestFromBytes(bytes));
    // A copy at a non-zero byte offset (as Node's pooled Buffers are) decodes the same.
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    sameBits(forest, forestFromBytes(padded.subarray(3)));
    expect(forestToBytes(forestFromBytes(bytes))).toEqual(bytes);
  });

  it('round-trips a forest with no trees', () => {
    const empty: SerializedForest = { kind: 'bits', task: 'classification', features: 2048, trees: [] };
    expect(forestFromBytes(forestToBytes(empty))).toEqual(empty);
  });

  it('rejects damaged artifacts', () => {
    const bytes = forestToBytes({ kind: 'dense', task: 'regression', features: 3, trees: [awkward] });
    const flipped = bytes.slice();
    flipped[40]! ^= 1;
    expect(code(() => forestFromBytes(flipped))).toBe('BAD_CHECKPOINT');
    expect(code(() => forestFromBytes(bytes.subarray(0, bytes.length - 1)))).toBe('BAD_CHECKPOINT');
    expect(code(() => forestFromBytes(new TextEncoder().encode('{"kind":"bits"}')))).toBe('BAD_CHECKPOINT');
    expect(code(() => forestFromBytes(new Uint8Array(0)))).toBe('BAD_CHECKPOINT');
  });

  it('refuses to write a malformed forest', () => {
    const broken = { ...awkward, left: Int32Array.from([0, -1, 3, -1, -1]) };
    expect(code(() => forestToBytes({ kind: 'dense', task: 'regression', features: 3, trees: [broken] }))).toBe(
      'BAD_INPUT',
    );
  });
});

describe('shareForest', () => {
  it('copies every tree onto one SharedArrayBuffer, bit for bit, and predicts the same', () => {
    const X = bitMatrix(randomOnBits(60, 48, 0.25, 3), 48);
    const y = Float64Array.from({ length: 60 }, (_, i) => Math.cos(i));
    const forest = trainBitForest(X, allRows(60), y, { ...baseParams, trees: 5, bootstrap: true });
    const odd = mergeForests([forest, { ...forest, trees: [awkward] }]);
    const shared = shareForest(odd);
    sameBits(odd, shared);
    const buffers = new Set(
      shared.trees.flatMap((t) => [t.feature, t.left, t.right, t.threshold, t.value].map((a) => a.buffer)),
    );
    expect(buffers.size).toBe(1);
    expect([...buffers][0]).toBeInstanceOf(SharedArrayBuffer);
    const a = predictForest(forest, X, allRows(60));
    const b = predictForest(shareForest(forest), X, allRows(60));
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(Array.from(b.std)).toEqual(Array.from(a.std));
  });
});
