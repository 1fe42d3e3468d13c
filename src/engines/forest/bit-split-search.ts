/**
 * Split search for the bit tree: per-feature sums of the samples whose bit is on, and the scan for the best bit.
 *
 * For feature f, `cnt[f]`, `w[f]` and `wy[f]` are the count, weight and weight·y of the node's samples with bit f
 * on (the right child); the left side is the node total minus them. The best split maximises
 * sumL²/wL + sumR²/wR, i.e. the largest weighted MSE reduction. Scores within TIE_TOLERANCE × Σw·(y−ȳ)² of the
 * best count as ties (sums obtained by subtraction round differently from direct sums) and among ties the lowest
 * feature index wins, so the choice does not depend on the order in which features are listed.
 */

const TIE_TOLERANCE = 1e-12;

export interface Hist {
  readonly cnt: Float64Array;
  readonly w: Float64Array;
  readonly wy: Float64Array;
}

/** A sparse accumulator: sums that are zero outside the features listed in `touched[0..nTouched)`. */
export interface SparseHist extends Hist {
  readonly touched: Int32Array;
  nTouched: number;
}

/** Per-sample inputs of the sums. */
export interface SampleSums {
  readonly offsets: Int32Array;
  readonly bits: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float64Array;
  readonly weightY: Float64Array;
}

/** Node totals and rules the scan needs. */
export interface SplitContext {
  size: number;
  W: number;
  S: number;
  Q: number;
  msl: number;
  /** Candidate features are those with `stamp[f] === stampId` when sampling. */
  sampling: boolean;
  stampId: number;
  readonly stamp: Int32Array;
  /** Score scratch, one per feature. */
  readonly score: Float64Array;
  /** Best score of the last scan. */
  best: number;
}

export function createHist(features: number): Hist {
  const buf = new Float64Array(3 * features);
  return { cnt: buf.subarray(0, features), w: buf.subarray(features, 2 * features), wy: buf.subarray(2 * features) };
}

export function createSparseHist(features: number): SparseHist {
  return { ...createHist(features), touched: new Int32Array(features), nTouched: 0 };
}

export function zeroHist(h: Hist): void {
  h.cnt.fill(0);
  h.w.fill(0);
  h.wy.fill(0);
}

/** Adds samples index[start..end) into the dense sums `h` over their on-bits. */
export function accumulate(d: SampleSums, h: Hist, start: number, end: number): void {
  const { offsets, bits, index, weight, weightY } = d;
  const { cnt, w: accW, wy: accWY } = h;
  for (let k = start; k < end; k++) {
    const i = index[k]!;
    const w = weight[i]!;
    const wy = weightY[i]!;
    const pEnd = offsets[i + 1]!;
    for (let p = offsets[i]!; p < pEnd; p++) {
      const f = bits[p]!;
      cnt[f]! += 1;
      accW[f]! += w;
      accWY[f]! += wy;
    }
  }
}

/** Same into an all-zero sparse accumulator, listing the features touched. */
export function accumulateSparse(d: SampleSums, h: SparseHist, start: number, end: number): void {
  const { offsets, bits, index, weight, weightY } = d;
  const { cnt, w: accW, wy: accWY, touched } = h;
  let nTouched = 0;
  for (let k = start; k < end; k++) {
    const i = index[k]!;
    const w = weight[i]!;
    const wy = weightY[i]!;
    const pEnd = offsets[i + 1]!;
    for (let p = offsets[i]!; p < pEnd; p++) {
      const f = bits[p]!;
      const c = cnt[f]!;
      if (c === 0) touched[nTouched++] = f;
      cnt[f] = c + 1;
      accW[f]! += w;
      accWY[f]! += wy;
    }
  }
  h.nTouched = nTouched;
}

/** `h -= g` over g's touched features, and g is zeroed. */
export function subtractSparse(h: Hist, g: SparseHist): void {
  for (let t = 0; t < g.nTouched; t++) {
    const f = g.touched[t]!;
    h.cnt[f]! -= g.cnt[f]!;
    h.w[f]! -= g.w[f]!;
    h.wy[f]! -= g.wy[f]!;
    g.cnt[f] = 0;
    g.w[f] = 0;
    g.wy[f] = 0;
  }
  g.nTouched = 0;
}

export function subtractDense(h: Hist, g: Hist): void {
  const n = h.cnt.length;
  for (let f = 0; f < n; f++) {
    h.cnt[f]! -= g.cnt[f]!;
    h.w[f]! -= g.w[f]!;
    h.wy[f]! -= g.wy[f]!;
  }
}

export function clearSparse(h: SparseHist): void {
  for (let t = 0; t < h.nTouched; t++) {
    const f = h.touched[t]!;
    h.cnt[f] = 0;
    h.w[f] = 0;
    h.wy[f] = 0;
  }
  h.nTouched = 0;
}

function scoreOf(c: SplitContext, f: number, nR: number, wR: number, sR: number): number {
  if (nR < c.msl || c.size - nR < c.msl || (c.sampling && c.stamp[f] !== c.stampId)) return -Infinity;
  const wL = c.W - wR;
  const sL = c.S - sR;
  return (sL * sL) / wL + (sR * sR) / wR;
}

/** Best feature over all features of dense sums, or -1; the score goes to `c.best`. */
export function bestSplitDense(h: Hist, c: SplitContext): number {
  const { cnt, w, wy } = h;
  const { score } = c;
  const F = cnt.length;
  let best = -Infinity;
  for (let f = 0; f < F; f++) {
    const sc = cnt[f] === 0 ? -Infinity : scoreOf(c, f, cnt[f]!, w[f]!, wy[f]!);
    score[f] = sc;
    if (sc > best) best = sc;
  }
  c.best = best;
  if (best === -Infinity) return -1;
  const cut = best - TIE_TOLERANCE * c.Q;
  for (let f = 0; f < F; f++) if (score[f]! >= cut) return f;
  return -1;
}

/**
 * Best feature among a sparse accumulator's touched features, or -1. Features whose count has dropped to 0
 * are zeroed and removed from the list (they stay 0 in every descendant).
 */
export function bestSplitSparse(h: SparseHist, c: SplitContext): number {
  const { cnt, w, wy, touched } = h;
  const { score } = c;
  let best = -Infinity;
  let kept = 0;
  for (let t = 0; t < h.nTouched; t++) {
    const f = touched[t]!;
    const nR = cnt[f]!;
    if (nR === 0) {
      w[f] = 0; // counts are exact; sums reached by subtraction may keep rounding residue
      wy[f] = 0;
      continue;
    }
    const sc = scoreOf(c, f, nR, w[f]!, wy[f]!);
    touched[kept] = f;
    score[kept++] = sc;
    if (sc > best) best = sc;
  }
  h.nTouched = kept;
  c.best = best;
  if (best === -Infinity) return -1;
  const cut = best - TIE_TOLERANCE * c.Q;
  let bestF = -1;
  for (let t = 0; t < kept; t++) {
    const f = touched[t]!;
    if (score[t]! >= cut && (bestF < 0 || f < bestF)) bestF = f;
  }
  return bestF;
}
