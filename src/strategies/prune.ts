/**
 * Design-space pruning (MolPAL's, Graff et al. 2022, "Self-focusing virtual screening with active design
 * space pruning"): after a round's predictions, a molecule whose predicted chance of beating the current
 * threshold is below `min_hit_probability` is dropped from the later rounds: never predicted or acquired
 * again. The chance is the normal approximation from the model's mean and a predictive std, oriented so
 * that higher is better: P(y > t) = 1 - Phi((t - mean) / std).
 *
 * As in MolPAL, the threshold is the l-th best label observed so far (l: `prune.k`, by default the
 * campaign's top-k). With fewer than l labels every molecule could still enter the top l, so nothing is
 * pruned (the threshold is -Infinity). Two guards that MolPAL leaves to its users are built in: the std is
 * scaled to the errors the model has made and never below their RMS (`prune-calibration.ts`), and a floor
 * of the most probable molecules is always kept, so the pool never runs out before the remaining batches
 * are chosen.
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
  // Phi of the margin rather than 1 - Phi(-margin): accurate deep in the tail, where most of a pool lies.
  return normalCdf(standardMargin(mean, std, threshold));
}

/** (mean - threshold) / std: the hit probability's order without its underflow (std 0: +-Infinity). */
function standardMargin(mean: number, std: number, threshold: number): number {
  if (std > 0) return (mean - threshold) / std;
  return mean > threshold ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

export interface PruneInput {
  /** Pool indices of the molecules predicted, ascending, aligned with `mean` and `std`. */
  readonly candidates: Int32Array;
  /** Oriented means (higher is better). */
  readonly mean: Float64Array;
  /** The model's std, before `scale`. */
  readonly std: Float64Array;
  /** The factor the std is multiplied by (`uncertaintyScale`); 1: the model's own std. */
  readonly scale: number;
  /**
   * The least std any candidate gets after scaling (the errors' RMS at acquisition, `errorRms`); 0: none.
   * A model is not more certain anywhere than its errors where it chose show it to be.
   */
  readonly minStd: number;
  readonly threshold: number;
  readonly minHitProbability: number;
  /** This round's batch: about to be labeled, so never pruned and never counted as kept. */
  readonly picks: Int32Array;
  /** Keep at least this many candidates besides the picks (the most probable), whatever their chance. */
  readonly floor: number;
}

export interface PruneDecision {
  /** Pool indices to prune, ascending. */
  readonly pruned: Int32Array;
  /** Candidates left for the later rounds (the picks not counted). */
  readonly remaining: number;
  /** Candidates under the minimum kept only because of the floor. */
  readonly keptByFloor: number;
}

/**
 * The candidates to prune: those whose hit probability is below the minimum, except the picks and, when
 * that would leave fewer than `floor`, the most probable of them (ties: the lower pool index is kept,
 * so the decision depends on nothing but the inputs).
 */
export function pruneCandidates(input: PruneInput): PruneDecision {
  const { candidates, mean, std, scale, threshold, minHitProbability, picks } = input;
  const chosen = new Set(picks);
  const open = candidates.length - candidates.filter((i) => chosen.has(i)).length;
  if (threshold === Number.NEGATIVE_INFINITY) return { pruned: new Int32Array(0), remaining: open, keptByFloor: 0 };
  const below: { index: number; margin: number; mean: number }[] = [];
  for (let j = 0; j < candidates.length; j++) {
    const index = candidates[j] as number;
    if (chosen.has(index)) continue;
    const m = mean[j] as number;
    const s = Math.max((std[j] as number) * scale, input.minStd);
    if (hitProbability(m, s, threshold) < minHitProbability) {
      below.push({ index, margin: standardMargin(m, s, threshold), mean: m });
    }
  }
  const room = Math.max(0, open - Math.ceil(input.floor));
  let drop = below;
  if (below.length > room) {
    // Most probable first (by margin: probabilities that underflow to 0 still differ there, then by mean);
    // the tail beyond what the floor keeps is pruned.
    below.sort((a, b) => b.margin - a.margin || b.mean - a.mean || a.index - b.index);
    drop = below.slice(below.length - room);
  }
  const pruned = Int32Array.from(drop.map((d) => d.index)).sort();
  return { pruned, remaining: open - pruned.length, keptByFloor: below.length - pruned.length };
}
