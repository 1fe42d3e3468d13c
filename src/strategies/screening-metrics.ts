/**
 * Virtual-screening recovery: how much of the pool's true top-k the campaign has labeled so far.
 * Same semantics as `recovery` in ../shared/reference/al_reference.py (MolPAL's "smis" and "scores").
 *
 * `truth[i]` is the true objective of pool molecule i, HIGHER IS BETTER; NaN = unknown, never in the top set.
 * - the true top-k set = the k best by truth, ties broken by lower pool index (the reference uses numpy's
 *   unstable argsort, so its choice among ties at the k-th value is arbitrary);
 * - topk_smiles = |labeled ∩ top-k| / k;
 * - topk_scores = (number of labeled molecules among their best k whose truth >= the k-th best value) / k,
 *   so a labeled molecule tied with the k-th best counts even when the tie-break left it out of the top set.
 * Both are null when fewer than k pool molecules have a known truth (the top-k is not defined).
 */
import { AlcoveError } from '../shared/errors.js';
import { selectTop } from './top-k-selection.js';

export interface ScreeningMetrics {
  readonly topk_smiles: number | null;
  readonly topk_scores: number | null;
}

export interface TopkEvaluator {
  readonly k: number;
  /** The k-th best known truth value (null when fewer than k are known). */
  readonly kth: number | null;
  /** Pool indices of the true top-k, best first (empty when fewer than k are known). */
  readonly top: Int32Array;
  evaluate(labeled: ArrayLike<number>): ScreeningMetrics;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new AlcoveError('BAD_INPUT', `screening metrics: k must be a positive integer, got ${k}`);
}

/**
 * Precomputes the true top-k of a pool once (O(n log k)); `evaluate` then costs O(labeled) per generation.
 * `truth` is read again by `evaluate`, so it must not change afterwards.
 */
export function createTopkEvaluator(truth: Float64Array, k: number): TopkEvaluator {
  checkK(k);
  const n = truth.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  const positions = selectTop(truth, ids, k); // NaN is never selected; ties → lower index
  const defined = positions.length === k;
  const top = defined ? positions : new Int32Array(0);
  const kth = defined ? (truth[positions[k - 1] as number] as number) : null;
  const inTop = new Uint8Array(n);
  for (const i of top) inTop[i] = 1;

  const evaluate = (labeled: ArrayLike<number>): ScreeningMetrics => {
    const seen = new Uint8Array(n);
    let hits = 0;
    let atLeastKth = 0;
    for (let j = 0; j < labeled.length; j++) {
      const i = labeled[j] as number;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new AlcoveError('BAD_INPUT', `screening metrics: labeled index ${i} is outside the pool of ${n}`);
      }
      if (seen[i] === 1) throw new AlcoveError('BAD_INPUT', `screening metrics: labeled index ${i} appears twice`);
      seen[i] = 1;
      hits += inTop[i] as number;
      // The reference sorts the labeled truths, keeps the best k and counts those >= kth: that is the number
      // of labeled molecules with truth >= kth, capped at k (NaN compares false, as in numpy).
      if (kth !== null && (truth[i] as number) >= kth) atLeastKth++;
    }
    if (kth === null) return { topk_smiles: null, topk_scores: null };
    return { topk_smiles: hits / k, topk_scores: Math.min(atLeastKth, k) / k };
  };

  return { k, kth, top, evaluate };
}

export function screeningMetrics(truth: Float64Array, labeled: ArrayLike<number>, k: number): ScreeningMetrics {
  return createTopkEvaluator(truth, k).evaluate(labeled);
}

/**
 * The expected top-k recovery of random acquisition: labeled / poolSize, whatever k is.
 * A uniformly random labeled set L of size m from a pool of N contains each molecule with probability m/N,
 * so E|L ∩ top-k| = k * m/N and E[topk_smiles] = m/N. (topk_scores can only be higher, by ties at the k-th
 * value.) Because a campaign's initial set is random too, this is the baseline curve at every generation.
 * The pool size counts every molecule that could have been drawn, including any with unknown truth.
 */
export function expectedRandomTopk(labeled: number, poolSize: number): number {
  if (!(poolSize > 0) || !Number.isFinite(poolSize)) {
    throw new AlcoveError('BAD_INPUT', `expectedRandomTopk: pool size must be positive, got ${poolSize}`);
  }
  if (!(labeled >= 0) || labeled > poolSize) {
    throw new AlcoveError('BAD_INPUT', `expectedRandomTopk: labeled must be in [0, ${poolSize}], got ${labeled}`);
  }
  return labeled / poolSize;
}
