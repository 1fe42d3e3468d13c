/**
 * Design-space pruning (MolPAL's, Graff et al. 2022, "Self-focusing virtual screening with active design
 * space pruning"): after a round's predictions, a molecule whose predicted chance of beating the current
 * top-k threshold is below `min_hit_probability` is dropped from the later rounds: never predicted or
 * acquired again. The chance is the normal approximation from the model's mean and std, oriented so that
 * higher is better: P(y > t) = 1 - Phi((t - mean) / std).
 *
 * The threshold is the k-th best label so far. With fewer than k labels every molecule could still enter
 * the top k, so nothing is pruned (the threshold is -Infinity).
 */
import { normalCdf } from './normal-distribution.js';

/** The k-th best of the oriented labels (higher is better), -Infinity with fewer than k of them. */
export function hitThreshold(oriented: readonly number[], k: number): number {
  if (k < 1 || oriented.length < k) return Number.NEGATIVE_INFINITY;
  const sorted = oriented.slice().sort((a, b) => b - a);
  return sorted[k - 1] as number;
}

/** P(y > threshold) under N(mean, std); a zero std gives 1 above the threshold, else 0. */
export function hitProbability(mean: number, std: number, threshold: number): number {
  if (threshold === Number.NEGATIVE_INFINITY) return 1;
  if (!(std > 0)) return mean > threshold ? 1 : 0;
  return 1 - normalCdf((threshold - mean) / std);
}

export interface PruneInput {
  /** Pool indices of the molecules predicted, aligned with `mean` and `std`. */
  readonly candidates: Int32Array;
  /** Oriented means (higher is better). */
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly threshold: number;
  readonly minHitProbability: number;
}

/** Pool indices of the candidates to prune, ascending (candidates are ascending). */
export function pruneCandidates(input: PruneInput): Int32Array {
  const out: number[] = [];
  const { candidates, mean, std, threshold, minHitProbability } = input;
  if (threshold === Number.NEGATIVE_INFINITY) return new Int32Array(0);
  for (let j = 0; j < candidates.length; j++) {
    const p = hitProbability(mean[j] as number, std[j] as number, threshold);
    if (p < minHitProbability) out.push(candidates[j] as number);
  }
  return Int32Array.from(out);
}
