/**
 * A deliberately plain dense CART learner (every node sorts its own samples for every feature) that follows the
 * rules documented in grow-dense-tree.ts, for checking the presorted trainer's bookkeeping on small data. No
 * feature sampling. Sums run in the same order as the trainer's (samples by value, ties by index; node totals in
 * the order of the parent's split feature), so scores agree to the bit and ties break the same way.
 */
import type { DenseMatrix } from '../../../src/shared/features.js';
import type { FlatTree, ForestParams } from '../../../src/shared/forest-types.js';
import { referenceSample } from './reference-sample.js';

export type DenseShape = { v: number } | { f: number; t: number; v: number; l: DenseShape; r: DenseShape };

export function denseShapeOf(tree: FlatTree): DenseShape {
  const shape = (node: number): DenseShape => {
    const f = tree.feature[node]!;
    const v = tree.value[node]!;
    if (f === -1) return { v };
    return { f, t: tree.threshold[node]!, v, l: shape(tree.left[node]!), r: shape(tree.right[node]!) };
  };
  return shape(0);
}

export function referenceDenseTree(
  X: DenseMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  treeIndex: number,
): DenseShape {
  const n = rows.length;
  const { weight, yc } = referenceSample(n, y, params, treeIndex);
  const wy = Array.from(yc, (v, i) => weight[i]! * v);
  const x = (i: number, f: number) => X.data[rows[i]! * X.cols + f]!;
  const sorted = (samples: number[], f: number) => [...samples].sort((a, b) => x(a, f) - x(b, f) || a - b);
  const maxDepth = params.maxDepth ?? Infinity;
  const msl = params.minSamplesLeaf;

  const grow = (samples: number[], ref: number, depth: number): DenseShape => {
    let W = 0;
    let rawS = 0;
    let S = 0;
    let Q = 0;
    for (const i of sorted(samples, ref)) {
      W += weight[i]!;
      rawS += weight[i]! * y[i]!;
      S += wy[i]!;
      Q += wy[i]! * yc[i]!;
    }
    const v = rawS / W;
    const ys = samples.map((i) => y[i]!);
    if (depth >= maxDepth || samples.length < 2 * msl || Math.min(...ys) === Math.max(...ys)) return { v };
    let best = { score: -Infinity, f: -1, nLeft: 0 };
    const perFeature: { score: number; f: number; nLeft: number }[] = [];
    for (let f = 0; f < X.cols; f++) {
      const order = sorted(samples, f);
      let wL = 0;
      let sL = 0;
      let fBest = { score: -Infinity, f, nLeft: 0 };
      for (let k = 0; k < order.length - 1; k++) {
        wL += weight[order[k]!]!;
        sL += wy[order[k]!]!;
        const nLeft = k + 1;
        if (nLeft < msl || order.length - nLeft < msl || !(x(order[k + 1]!, f) > x(order[k]!, f))) continue;
        const score = (sL * sL) / wL + (S - sL) ** 2 / (W - wL);
        if (score > fBest.score) fBest = { score, f, nLeft };
      }
      perFeature.push(fBest);
      if (fBest.score > best.score) best = fBest;
    }
    if (best.score === -Infinity) return { v };
    best = perFeature.find((p) => p.score >= best.score - 1e-12 * Q)!;
    if (!(best.score - (S * S) / W > 1e-11 * Q)) return { v };
    const order = sorted(samples, best.f);
    const a = x(order[best.nLeft - 1]!, best.f);
    const b = x(order[best.nLeft]!, best.f);
    const mid = a / 2 + b / 2;
    return {
      f: best.f,
      t: mid >= a && mid < b ? mid : a,
      v,
      l: grow(order.slice(0, best.nLeft), best.f, depth + 1),
      r: grow(order.slice(best.nLeft), best.f, depth + 1),
    };
  };
  const inBag: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i]! > 0) inBag.push(i);
  return grow(inBag, 0, 0);
}
