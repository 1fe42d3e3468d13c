/**
 * Split search on one dense feature: a sweep over the node's samples in ascending order of that feature,
 * keeping prefix sums of weight and weight·y, so every threshold costs O(1) and the feature O(node).
 *
 * The score of a split is sumL²/wL + sumR²/wR, the weighted MSE reduction up to a constant (the same score as
 * bit-split-search.ts). For 0/1 labels it is also the Gini reduction: Σ_children w·2p(1−p) = 2(S − Σ sum²/w),
 * so one sweep serves regression and classification. Splits fall only between consecutive distinct values and
 * must leave at least `msl` distinct samples on each side (scikit-learn counts samples, not bootstrap weights).
 * Among equal scores the first position (lowest threshold) wins, as in scikit-learn's sweep.
 */

export interface FeatureSweep {
  /** Column-major feature values (dense-columns.ts) and the offset of this feature's column and order list. */
  readonly values: Float64Array;
  readonly order: Int32Array;
  /** Mutable so that one object serves every candidate feature of a node. */
  base: number;
  /** Per-sample bootstrap weight and weight × centred label. */
  readonly weight: Float64Array;
  readonly weightY: Float64Array;
}

export interface SweepResult {
  score: number;
  /** Samples going left: positions [start, start + nLeft) of the feature's order list. */
  nLeft: number;
}

/**
 * Best split of `order[base + start .. base + end)` into `out`; `out.score` is -Infinity when none is legal.
 * `W` and `S` are the node's total weight and weight·y.
 */
export function sweepFeature(
  d: FeatureSweep,
  start: number,
  end: number,
  W: number,
  S: number,
  msl: number,
  out: SweepResult,
): void {
  const { values, order, base, weight, weightY } = d;
  out.score = -Infinity;
  out.nLeft = 0;
  if (end - start < 2 * msl) return;
  const lo = base + start;
  const hi = base + end;
  let wL = 0;
  let sL = 0;
  let best = -Infinity;
  let bestNLeft = 0;
  // The first msl − 1 samples always go left.
  let k = lo;
  for (const stop = lo + msl - 1; k < stop; k++) {
    const i = order[k]!;
    wL += weight[i]!;
    sL += weightY[i]!;
  }
  // The last legal split leaves msl samples on the right: nLeft ≤ size − msl.
  const last = hi - msl;
  let i = order[k]!;
  let v = values[base + i]!;
  for (; k < last; k++) {
    wL += weight[i]!;
    sL += weightY[i]!;
    const iNext = order[k + 1]!;
    const vNext = values[base + iNext]!;
    if (vNext > v) {
      const sR = S - sL;
      const score = (sL * sL) / wL + (sR * sR) / (W - wL);
      if (score > best) {
        best = score;
        bestNLeft = k + 1 - lo;
      }
    }
    i = iNext;
    v = vNext;
  }
  out.score = best;
  out.nLeft = bestNLeft;
}

/**
 * The threshold between the largest value going left `a` and the smallest going right `b` (a < b): their
 * midpoint as scikit-learn computes it, or `a` where rounding (adjacent doubles) or infinities would put the
 * midpoint outside [a, b). Prediction sends x ≤ threshold left, so it partitions the training values as the
 * split did.
 */
export function splitThreshold(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t >= a && t < b ? t : a;
}
