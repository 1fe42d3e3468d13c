/** Small builders shared by the forest tests. */
import type { BitMatrix, DenseMatrix } from '../../../src/shared/features.js';
import type { FlatTree, ForestParams } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';

export const baseParams: ForestParams = {
  task: 'regression',
  trees: 1,
  maxDepth: null,
  maxFeatures: 1.0,
  minSamplesLeaf: 1,
  bootstrap: false,
  seed: 1,
};

/** A bit matrix whose row i has exactly the bits `onBits[i]` set. */
export function bitMatrix(onBits: readonly (readonly number[])[], bits: number): BitMatrix {
  const bytesPerRow = Math.ceil(bits / 8);
  const data = new Uint8Array(onBits.length * bytesPerRow);
  onBits.forEach((row, i) => {
    for (const b of row) data[i * bytesPerRow + (b >> 3)]! |= 1 << (b & 7);
  });
  return { kind: 'bits', rows: onBits.length, bits, bytesPerRow, data };
}

/** `rows` random rows with about `density × bits` on-bits each (seeded). */
export function randomOnBits(rows: number, bits: number, density: number, seed: number): number[][] {
  const rng = createRng(seed, 'test-bits');
  return Array.from({ length: rows }, () => {
    const on: number[] = [];
    for (let b = 0; b < bits; b++) if (rng.next() < density) on.push(b);
    return on;
  });
}

export function denseMatrix(rows: readonly (readonly number[])[]): DenseMatrix {
  const cols = rows[0]?.length ?? 0;
  return {
    kind: 'dense',
    rows: rows.length,
    cols,
    data: Float64Array.from(rows.flat()),
    names: Array.from({ length: cols }, (_, j) => `x${j}`),
  };
}

export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

export function hasBit(X: BitMatrix, row: number, bit: number): boolean {
  return ((X.data[row * X.bytesPerRow + (bit >> 3)]! >> (bit & 7)) & 1) === 1;
}

/** Depth of the deepest leaf (root = 0). */
export function treeDepth(tree: FlatTree, node = 0): number {
  if (tree.feature[node] === -1) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}

/** Leaf reached by a bit row. */
export function bitLeaf(tree: FlatTree, X: BitMatrix, row: number): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    node = hasBit(X, row, tree.feature[node]!) ? tree.right[node]! : tree.left[node]!;
  }
  return node;
}

export function rSquared(actual: Float64Array, predicted: Float64Array): number {
  let mean = 0;
  for (const v of actual) mean += v;
  mean /= actual.length;
  let ssRes = 0;
  let ssTot = 0;
  actual.forEach((v, i) => {
    ssRes += (v - predicted[i]!) ** 2;
    ssTot += (v - mean) ** 2;
  });
  return 1 - ssRes / ssTot;
}
