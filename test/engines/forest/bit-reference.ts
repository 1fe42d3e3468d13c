/**
 * A deliberately naive bit-tree learner (every feature of every sample tested at every node) that follows the
 * rules documented in grow-bit-tree.ts, for checking the optimised trainer on small data. No feature sampling.
 */
import type { BitMatrix } from '../../../src/shared/features.js';
import type { FlatTree, ForestParams } from '../../../src/shared/forest-types.js';
import { referenceSample } from './reference-sample.js';
import { hasBit } from './helpers.js';

export type TreeShape = { v: number } | { f: number; v: number; l: TreeShape; r: TreeShape };

export function shapeOf(tree: FlatTree, node = 0): TreeShape {
  const f = tree.feature[node]!;
  const v = tree.value[node]!;
  if (f === -1) return { v };
  return { f, v, l: shapeOf(tree, tree.left[node]), r: shapeOf(tree, tree.right[node]) };
}

export function referenceBitTree(
  X: BitMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  treeIndex: number,
): TreeShape {
  const n = rows.length;
  const { weight, yc } = referenceSample(n, y, params, treeIndex);
  const maxDepth = params.maxDepth ?? Infinity;
  const msl = params.minSamplesLeaf;
  const on = (i: number, f: number) => hasBit(X, rows[i]!, f);

  const grow = (samples: number[], depth: number): TreeShape => {
    let W = 0;
    let rawS = 0;
    let S = 0;
    let Q = 0;
    for (const i of samples) {
      W += weight[i]!;
      rawS += weight[i]! * y[i]!;
      S += weight[i]! * yc[i]!;
      Q += weight[i]! * yc[i]! * yc[i]!;
    }
    const v = rawS / W;
    const ys = samples.map((i) => y[i]!);
    if (depth >= maxDepth || samples.length < 2 * msl || Math.min(...ys) === Math.max(...ys)) return { v };
    const scores: number[] = [];
    let best = -Infinity;
    for (let f = 0; f < X.bits; f++) {
      let nR = 0;
      let wR = 0;
      let sR = 0;
      for (const i of samples) {
        if (!on(i, f)) continue;
        nR++;
        wR += weight[i]!;
        sR += weight[i]! * yc[i]!;
      }
      let score = -Infinity;
      if (nR >= msl && samples.length - nR >= msl) {
        score = (S - sR) ** 2 / (W - wR) + sR ** 2 / wR;
      }
      scores.push(score);
      best = Math.max(best, score);
    }
    if (best === -Infinity || !(best - (S * S) / W > 1e-11 * Q)) return { v };
    const f = scores.findIndex((s) => s >= best - 1e-12 * Q);
    return {
      f,
      v,
      l: grow(
        samples.filter((i) => !on(i, f)),
        depth + 1,
      ),
      r: grow(
        samples.filter((i) => on(i, f)),
        depth + 1,
      ),
    };
  };
  const inBag: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i]! > 0) inBag.push(i);
  return grow(inBag, 0);
}
