/** Ranking helpers shared by the metrics. */
import { argsortAscending } from './argsort.js';

/** Tie groups of `values`: the distinct values ascending, each value's group, and the group sizes. */
export interface TieGroups {
  /** Distinct values, ascending. */
  readonly distinct: Float64Array;
  /** `group[i]` = position of `values[i]` in `distinct`. */
  readonly group: Int32Array;
  /** `size[g]` = how many values equal `distinct[g]`. */
  readonly size: Int32Array;
}

/** Values must not be NaN (-0 and +0 are one group). */
export function tieGroups(values: ArrayLike<number>): TieGroups {
  const n = values.length;
  const order = argsortAscending(values);
  const distinct = new Float64Array(n);
  const size = new Int32Array(n);
  const group = new Int32Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    const v = values[i] as number;
    if (m === 0 || v !== distinct[m - 1]) distinct[m++] = v;
    group[i] = m - 1;
    size[m - 1] = (size[m - 1] as number) + 1;
  }
  return { distinct: distinct.slice(0, m), group, size: size.slice(0, m) };
}

/** 1-based average ranks (ties get the mean of the ranks they span) from precomputed tie groups. */
export function ranksFromGroups({ distinct, group, size }: TieGroups): Float64Array {
  // A group of s values after `before` smaller ones spans ranks before+1 .. before+s: average before + (s+1)/2.
  const groupRank = new Float64Array(distinct.length);
  let before = 0;
  for (let g = 0; g < distinct.length; g++) {
    const s = size[g] as number;
    groupRank[g] = before + (s + 1) / 2;
    before += s;
  }
  const ranks = new Float64Array(group.length);
  for (let i = 0; i < ranks.length; i++) ranks[i] = groupRank[group[i] as number] as number;
  return ranks;
}

/**
 * 1-based ranks with ties given the average of the ranks they span (scipy's rankdata 'average').
 * `groups` is the number of distinct values. Values must not be NaN.
 */
export function averageRanks(values: ArrayLike<number>): { ranks: Float64Array; groups: number } {
  const g = tieGroups(values);
  return { ranks: ranksFromGroups(g), groups: g.distinct.length };
}

/** Pearson correlation; null when either side is constant or there are fewer than 2 points. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}
