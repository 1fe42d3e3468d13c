/**
 * One CART regression tree on sparse binary features (the hot loop of the bit forest).
 *
 * Hand-written rather than delegated to a library: no maintained JS tree learner knows about sparse bits, and the
 * generic ones (ml-cart) sort every feature at every node, O(node × features × log) — thousands of times slower
 * on 2048-bit fingerprints. The split search (bit-split-search.ts) needs per-feature sums over the node's samples
 * with the bit on. A node gets them in one of three ways:
 *   - dense slot: a large node (≥ 2 on-bits per feature in total) sums into a dense per-feature histogram;
 *   - sparse: a small node sums over its samples' on-bits only, O(Σ on-bits), listing the features touched;
 *   - inherited (histogram subtraction, as in LightGBM): after a split only the smaller child is summed, and the
 *     larger child's sums are parent − smaller. Greedy splits on fingerprints mostly peel a few samples off a
 *     big node, so the big side, which would cost the most, costs almost nothing.
 * The larger child is processed right after its parent (depth-first), so an inherited sparse accumulator never
 * has to wait on the stack. The node's slice of the sample index is partitioned stably, bit off → left.
 * Labels are centred on their training mean for the split arithmetic (less cancellation in S²/W); leaf values
 * are weighted means of the raw labels.
 *
 * Its buffers, the dense histogram slots among them, are in bit-tree-scratch.ts.
 *
 * With maxFeatures < all, candidates are drawn per split among the bits that vary in the node (see drawCandidates).
 *
 * Stopping rules: depth ≥ maxDepth; fewer than 2·minSamplesLeaf distinct samples; all labels equal; no
 * candidate split leaves minSamplesLeaf distinct samples on each side (sklearn counts samples, not bootstrap
 * weights); best gain ≤ 1e-11 × Σw·(y−ȳ)² of the node (below that a "gain" is rounding noise).
 */
import type { FlatTree } from '../../shared/forest-types.js';
import type { Rng } from '../../shared/rng.js';
import {
  accumulate,
  accumulateSparse,
  bestSplitDense,
  bestSplitSparse,
  subtractDense,
  subtractSparse,
  zeroHist,
  type Hist,
} from './bit-split-search.js';
import { acquireSlot, dropSums, NO_SUMS, SPARSE_SUMS, type BitTreeScratch } from './bit-tree-scratch.js';
import type { SparseBits } from './sparse-bits.js';

export interface BitTreeData {
  readonly sparse: SparseBits;
  /** Packed rows and the byte offset of each sample's row, for O(1) bit tests while partitioning. */
  readonly packed: Uint8Array;
  readonly rowBase: Int32Array;
  /** Number of features (bits). */
  readonly features: number;
  /** Raw labels and labels minus their mean, one per sample. */
  readonly y: Float64Array;
  readonly yCentred: Float64Array;
}

export interface BitTreeOptions {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Candidate features per split; equal to `features` means all, with no random draws. */
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
}

const GAIN_FLOOR = 1e-11;
/** Dense histograms pay off once a node holds this many on-bits per feature (subtract + scan cost ~ 2F). */
const DENSE_BITS_PER_FEATURE = 2;

/**
 * Per-split feature sampling as scikit-learn does it: features are drawn without replacement until `k`
 * non-constant ones are found (bits constant in the node do not count), so a node is not left unsplit merely
 * because the draw hit only constant bits. Marks the candidates in `ctx.stamp`; returns false when every
 * non-constant feature is a candidate (no draws needed).
 */
function drawCandidates(s: BitTreeScratch, h: Hist, sparse: boolean, size: number, k: number, rng: Rng): boolean {
  const { cnt } = h;
  const F = cnt.length;
  let nonConstant = 0;
  if (sparse) {
    for (let t = 0; t < s.main.nTouched; t++) {
      const c = cnt[s.main.touched[t]!]!;
      if (c > 0 && c < size) nonConstant++;
    }
  } else {
    for (let f = 0; f < F; f++) if (cnt[f]! > 0 && cnt[f]! < size) nonConstant++;
  }
  if (nonConstant <= k) return false;
  const { perm } = s;
  const { stamp } = s.ctx;
  const stampId = ++s.ctx.stampId;
  let found = 0;
  for (let j = 0; j < F && found < k; j++) {
    const r = j + rng.int(F - j);
    const f = perm[r]!;
    perm[r] = perm[j]!;
    perm[j] = f;
    const c = cnt[f]!;
    if (c > 0 && c < size) {
      stamp[f] = stampId;
      found++;
    }
  }
  return true;
}

// A hot loop, kept in one piece on purpose (measured); scripts/check-size.mjs exempts it.
export function growBitTree(d: BitTreeData, opts: BitTreeOptions, rng: Rng, s: BitTreeScratch): FlatTree {
  const n = d.sparse.samples;
  const F = d.features;
  const offsets = d.sparse.offsets;
  const { packed, rowBase, y, yCentred } = d;
  const { sums, spill, main, temp, ctx, perm, stack, feature, left, right, value, slots } = s;
  const { index, weight, weightY } = sums;
  const msl = opts.minSamplesLeaf;
  const sampling = opts.maxFeatures < F;
  const denseBits = DENSE_BITS_PER_FEATURE * F;
  const splittable = (size: number, depth: number): boolean => depth < opts.maxDepth && size >= 2 * msl;
  ctx.msl = msl;

  // Bootstrap as integer counts (n draws with replacement); out-of-bag samples drop out of the tree.
  if (opts.bootstrap) {
    weight.fill(0);
    for (let i = 0; i < n; i++) weight[rng.int(n)]! += 1;
  } else {
    weight.fill(1);
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    const w = weight[i]!;
    weightY[i] = w * yCentred[i]!;
    if (w > 0) index[m++] = i;
  }
  if (sampling) for (let f = 0; f < F; f++) perm[f] = f;

  let nodes = 1;
  let sp = 0;
  const push = (id: number, start: number, end: number, depth: number, slot: number): void => {
    stack[sp++] = id;
    stack[sp++] = start;
    stack[sp++] = end;
    stack[sp++] = depth;
    stack[sp++] = slot;
  };
  push(0, 0, m, 0, NO_SUMS);
  while (sp > 0) {
    let slot = stack[--sp]!;
    const depth = stack[--sp]!;
    const end = stack[--sp]!;
    const start = stack[--sp]!;
    const id = stack[--sp]!;

    // Node statistics.
    let W = 0;
    let rawS = 0;
    let S = 0;
    let Q = 0;
    let bitSum = 0;
    let yMin = Infinity;
    let yMax = -Infinity;
    for (let k = start; k < end; k++) {
      const i = index[k]!;
      const w = weight[i]!;
      const yi = y[i]!;
      W += w;
      rawS += w * yi;
      S += weightY[i]!;
      Q += weightY[i]! * yCentred[i]!;
      bitSum += offsets[i + 1]! - offsets[i]!;
      if (yi < yMin) yMin = yi;
      if (yi > yMax) yMax = yi;
    }
    feature[id] = -1;
    left[id] = -1;
    right[id] = -1;
    value[id] = rawS / W;
    const size = end - start;
    if (!splittable(size, depth) || yMin === yMax) {
      dropSums(s, slot);
      continue;
    }
    ctx.size = size;
    ctx.W = W;
    ctx.S = S;
    ctx.Q = Q;

    if (slot === NO_SUMS && bitSum >= denseBits) {
      slot = acquireSlot(s, F);
      if (slot >= 0) {
        zeroHist(slots[slot]!);
        accumulate(sums, slots[slot]!, start, end);
      }
    }
    if (slot === NO_SUMS) {
      accumulateSparse(sums, main, start, end);
      slot = SPARSE_SUMS;
    }
    ctx.sampling =
      sampling && drawCandidates(s, slot >= 0 ? slots[slot]! : main, slot < 0, size, opts.maxFeatures, rng);
    const bestF = slot >= 0 ? bestSplitDense(slots[slot]!, ctx) : bestSplitSparse(main, ctx);
    if (bestF < 0 || !(ctx.best - (S * S) / W > GAIN_FLOOR * Q)) {
      dropSums(s, slot);
      continue;
    }

    // Stable partition: bit off stays in front, bit on is spilled and copied back behind.
    const byte = bestF >> 3;
    const mask = 1 << (bestF & 7);
    let nl = start;
    let nr = 0;
    let leftBits = 0;
    for (let k = start; k < end; k++) {
      const i = index[k]!;
      if ((packed[rowBase[i]! + byte]! & mask) !== 0) {
        spill[nr++] = i;
      } else {
        index[nl++] = i;
        leftBits += offsets[i + 1]! - offsets[i]!;
      }
    }
    index.set(spill.subarray(0, nr), nl);
    const l = nodes++;
    const r = nodes++;
    feature[id] = bestF;
    left[id] = l;
    right[id] = r;

    // The larger child (by on-bits) inherits the parent's sums minus the smaller child's.
    const leftIsLarge = leftBits >= bitSum - leftBits;
    const smStart = leftIsLarge ? nl : start;
    const smEnd = leftIsLarge ? end : nl;
    const largeBits = leftIsLarge ? leftBits : bitSum - leftBits;
    const smallBits = bitSum - largeBits;
    let largeSlot = NO_SUMS;
    let smallSlot = NO_SUMS;
    const largeSplittable = splittable(leftIsLarge ? nl - start : end - nl, depth + 1);
    // Inheriting costs the smaller child's bits plus a scan of the parent's feature list; summing afresh
    // costs the larger child's bits plus a scan of at most as many features.
    const inherit =
      slot === SPARSE_SUMS ? smallBits + main.nTouched < 2 * largeBits : slot >= 0 && largeBits >= denseBits;
    if (largeSplittable && inherit) {
      const h = slot >= 0 ? slots[slot]! : main;
      if (slot >= 0 && smallBits >= denseBits && splittable(smEnd - smStart, depth + 1)) {
        smallSlot = acquireSlot(s, F);
      }
      if (smallSlot >= 0) {
        const g = slots[smallSlot]!;
        zeroHist(g);
        accumulate(sums, g, smStart, smEnd);
        subtractDense(h, g);
      } else {
        accumulateSparse(sums, temp, smStart, smEnd);
        subtractSparse(h, temp);
      }
      largeSlot = slot;
    } else {
      dropSums(s, slot);
    }
    // Depth-first, the larger child on top (an inherited sparse accumulator must be used next).
    if (leftIsLarge) {
      push(r, nl, end, depth + 1, smallSlot);
      push(l, start, nl, depth + 1, largeSlot);
    } else {
      push(l, start, nl, depth + 1, smallSlot);
      push(r, nl, end, depth + 1, largeSlot);
    }
  }

  const threshold = new Float64Array(nodes);
  for (let i = 0; i < nodes; i++) if (feature[i]! >= 0) threshold[i] = 0.5;
  return {
    feature: feature.slice(0, nodes),
    threshold,
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    value: value.slice(0, nodes),
  };
}
