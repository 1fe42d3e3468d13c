/**
 * One CART tree on dense features (the hot loop of the dense forest), by the classic presorted method.
 *
 * Every feature keeps its own list of the tree's samples in ascending order of value (presorted once per
 * training call in dense-columns.ts, filtered to the bootstrap sample per tree). A node owns the same slice
 * [start, end) of every list. Its split search sweeps each candidate's slice with prefix sums
 * (dense-split-search.ts), O(node) per feature; the split then partitions every list's slice stably, left samples
 * first, so both children's slices stay sorted: O(node) per feature again, and no node ever sorts.
 * Histogram binning (LightGBM's way) was the alternative, and a prototype (256 quantile bins, histogram
 * subtraction) was several times slower on ESOL at the same held-out R²: every node zeroes, subtracts and scans
 * features × 256 bins, while most nodes of a depth-8 tree on ~900 rows hold a handful of samples. Binning pays
 * when rows far outnumber bins at most nodes (tens of thousands of rows), not at descriptor-set sizes.
 *
 * Features constant in a node are constant in all of its descendants: each node lists its non-constant features
 * (a filter of its parent's list, O(1) per feature since its slice is sorted), partitions only those, and its
 * descendants never look at the others again. `levels[d]` holds the list of the node being grown at depth
 * d − 1 (`levels[0]` is every feature); depth-first growth keeps a parent's list intact until both of its
 * children are grown, because everything grown in between is deeper.
 *
 * With maxFeatures < the node's non-constant features, `maxFeatures` candidates are drawn among them without
 * replacement. scikit-learn draws among all features and counts constant ones drawn as visited (searching only
 * the non-constant ones it hit), so at small nodes it searches fewer features than this does; the bit forest
 * draws the same way as here.
 *
 * Otherwise the rules are scikit-learn's, except that it works on float32 copies of X (thresholds differ in the
 * last digits, values closer than 1e-7 count as equal) and splits even when the best gain is zero.
 *
 * Labels are centred on their training mean for the split arithmetic; leaf values are weighted means of the raw
 * labels (for classification, the bootstrap-weighted share of class 1, as scikit-learn's predict_proba).
 * Stopping rules, as in grow-bit-tree.ts: depth ≥ maxDepth; fewer than 2·minSamplesLeaf distinct samples; all
 * labels equal; no legal split; best gain ≤ 1e-11 × Σw·(y−ȳ)² of the node. Ties between features (scores within
 * 1e-12 of that sum) go to the lowest feature index, so the draw order of candidates never matters.
 */
import type { FlatTree } from '../../shared/forest-types.js';
import type { Rng } from '../../shared/rng.js';
import type { DenseColumns } from './dense-columns.js';
import { splitThreshold, sweepFeature, type FeatureSweep } from './dense-split-search.js';
import type { DenseTreeScratch } from './dense-tree-scratch.js';

export interface DenseTreeData {
  readonly columns: DenseColumns;
  /** Raw labels and labels minus their mean, one per sample. */
  readonly y: Float64Array;
  readonly yCentred: Float64Array;
}

export interface DenseTreeOptions {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Candidate features per split; at least the node's non-constant features means all, with no draws. */
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
}

const GAIN_FLOOR = 1e-11;
const TIE_TOLERANCE = 1e-12;

/** Bootstrap weights (n draws with replacement, as integer counts) and the lists filtered to the drawn samples. */
function drawSample(d: DenseTreeData, opts: DenseTreeOptions, rng: Rng, s: DenseTreeScratch): number {
  const { samples: n, features: F, order } = d.columns;
  const { weight, weightY, index } = s;
  if (opts.bootstrap) {
    weight.fill(0);
    for (let i = 0; i < n; i++) weight[rng.int(n)]! += 1;
  } else {
    weight.fill(1);
  }
  for (let i = 0; i < n; i++) weightY[i] = weight[i]! * d.yCentred[i]!;
  if (!opts.bootstrap) {
    index.set(order);
    return n;
  }
  let m = 0;
  for (let f = 0; f < F; f++) {
    const base = f * n;
    m = 0;
    for (let j = 0; j < n; j++) {
      const i = order[base + j]!;
      if (weight[i]! > 0) index[base + m++] = i;
    }
  }
  return m;
}

/** Writes into `levels[depth + 1]` the features of `levels[depth]` that vary in [start, end); returns their count. */
function listVarying(cols: DenseColumns, s: DenseTreeScratch, depth: number, start: number, end: number): number {
  const n = cols.samples;
  const { values } = cols;
  const { index, levels, levelSize } = s;
  if (levels.length <= depth + 1) {
    levels.push(new Int32Array(cols.features));
    levelSize.push(0);
  }
  const parent = levels[depth]!;
  const out = levels[depth + 1]!;
  let kept = 0;
  for (let j = 0, nParent = levelSize[depth]!; j < nParent; j++) {
    const f = parent[j]!;
    const base = f * n;
    if (values[base + index[base + start]!]! < values[base + index[base + end - 1]!]!) out[kept++] = f;
  }
  levelSize[depth + 1] = kept;
  return kept;
}

/**
 * The best split among the node's varying features (`levels[depth + 1]`, `nVarying` of them), or -1; its nLeft
 * goes to `s.sweep.nLeft` and its score to `s.sweep.score`.
 */
function chooseSplit(
  d: DenseTreeData,
  opts: DenseTreeOptions,
  rng: Rng,
  s: DenseTreeScratch,
  node: { start: number; end: number; depth: number; W: number; S: number; Q: number },
  nVarying: number,
): number {
  const n = d.columns.samples;
  const { candidates, score, nLeft, sweep } = s;
  candidates.set(s.levels[node.depth + 1]!.subarray(0, nVarying));
  let k = nVarying;
  if (opts.maxFeatures < nVarying) {
    k = opts.maxFeatures;
    for (let j = 0; j < k; j++) {
      const r = j + rng.int(nVarying - j);
      const f = candidates[r]!;
      candidates[r] = candidates[j]!;
      candidates[j] = f;
    }
  }
  const view: FeatureSweep = {
    values: d.columns.values,
    order: s.index,
    base: 0,
    weight: s.weight,
    weightY: s.weightY,
  };
  let best = -Infinity;
  for (let j = 0; j < k; j++) {
    view.base = candidates[j]! * n;
    sweepFeature(view, node.start, node.end, node.W, node.S, opts.minSamplesLeaf, sweep);
    score[j] = sweep.score;
    nLeft[j] = sweep.nLeft;
    if (sweep.score > best) best = sweep.score;
  }
  if (best === -Infinity) return -1;
  const cut = best - TIE_TOLERANCE * node.Q;
  let bestF = -1;
  for (let j = 0; j < k; j++) {
    const f = candidates[j]!;
    if (score[j]! >= cut && (bestF < 0 || f < bestF)) {
      bestF = f;
      sweep.score = score[j]!;
      sweep.nLeft = nLeft[j]!;
    }
  }
  return bestF;
}

/**
 * Stable partition of the slice [start, end) of every varying feature's list: the first `nl` samples of `split`'s
 * (already ordered) slice go left. Branch-free: each sample is written to both sides and one cursor advances.
 */
function partition(
  s: DenseTreeScratch,
  n: number,
  depth: number,
  split: number,
  start: number,
  end: number,
  nl: number,
): void {
  const { index, spill, goLeft } = s;
  const splitBase = split * n;
  for (let k = start; k < end; k++) goLeft[index[splitBase + k]!] = k < start + nl ? 1 : 0;
  const list = s.levels[depth + 1]!;
  for (let j = 0, nList = s.levelSize[depth + 1]!; j < nList; j++) {
    const f = list[j]!;
    if (f === split) continue;
    const base = f * n;
    let l = base + start;
    let r = 0;
    for (let k = base + start, stop = base + end; k < stop; k++) {
      const i = index[k]!;
      const toLeft = goLeft[i]!;
      index[l] = i;
      spill[r] = i;
      l += toLeft;
      r += 1 - toLeft;
    }
    for (let t = 0; t < r; t++) index[l + t] = spill[t]!; // (a subarray view per feature and node would be garbage)
  }
}

// A hot loop, kept in one piece on purpose (measured); scripts/check-size.mjs exempts it.
export function growDenseTree(d: DenseTreeData, opts: DenseTreeOptions, rng: Rng, s: DenseTreeScratch): FlatTree {
  const { samples: n, values } = d.columns;
  const { y } = d;
  const { index, weight, weightY, stack, feature, threshold, left, right, value } = s;
  const msl = opts.minSamplesLeaf;
  const m = drawSample(d, opts, rng, s);
  const node = { start: 0, end: 0, depth: 0, W: 0, S: 0, Q: 0 };

  let nodes = 1;
  let sp = 0;
  // Stack entries: node id, slice, depth, and a feature whose list is ordered on the slice (the parent's split).
  const push = (id: number, start: number, end: number, depth: number, ref: number): void => {
    stack[sp++] = id;
    stack[sp++] = start;
    stack[sp++] = end;
    stack[sp++] = depth;
    stack[sp++] = ref;
  };
  push(0, 0, m, 0, 0);
  while (sp > 0) {
    const ref = stack[--sp]!;
    const depth = stack[--sp]!;
    const end = stack[--sp]!;
    const start = stack[--sp]!;
    const id = stack[--sp]!;

    let W = 0;
    let rawS = 0;
    let S = 0;
    let Q = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let k = ref * n + start, stop = ref * n + end; k < stop; k++) {
      const i = index[k]!;
      const w = weight[i]!;
      const yi = y[i]!;
      W += w;
      rawS += w * yi;
      S += weightY[i]!;
      Q += weightY[i]! * d.yCentred[i]!;
      if (yi < yMin) yMin = yi;
      if (yi > yMax) yMax = yi;
    }
    feature[id] = -1;
    threshold[id] = 0;
    left[id] = -1;
    right[id] = -1;
    value[id] = rawS / W;
    if (depth >= opts.maxDepth || end - start < 2 * msl || yMin === yMax) continue;
    const nVarying = listVarying(d.columns, s, depth, start, end);
    if (nVarying === 0) continue;
    node.start = start;
    node.end = end;
    node.depth = depth;
    node.W = W;
    node.S = S;
    node.Q = Q;
    const bestF = chooseSplit(d, opts, rng, s, node, nVarying);
    if (bestF < 0 || !(s.sweep.score - (S * S) / W > GAIN_FLOOR * Q)) continue;

    const nl = s.sweep.nLeft;
    const base = bestF * n;
    threshold[id] = splitThreshold(
      values[base + index[base + start + nl - 1]!]!,
      values[base + index[base + start + nl]!]!,
    );
    partition(s, n, depth, bestF, start, end, nl);
    const l = nodes++;
    const r = nodes++;
    feature[id] = bestF;
    left[id] = l;
    right[id] = r;
    push(r, start + nl, end, depth + 1, bestF);
    push(l, start, start + nl, depth + 1, bestF);
  }
  return {
    feature: feature.slice(0, nodes),
    threshold: threshold.slice(0, nodes),
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    value: value.slice(0, nodes),
  };
}
