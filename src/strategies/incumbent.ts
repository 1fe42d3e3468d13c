/**
 * The incumbent of ei / pi: the labeled objective a candidate has to improve on.
 *
 * `best` (Alcove's default) is the best label so far. `kth` is MolPAL's `current_max` (acquirer.py,
 * `acquire_batch`: `np.partition(Y, -k)[-k]` with `k` the size of the top set the explorer tracks): the k-th
 * best label, so that improvement means "would enter the current top k" rather than "beats the single best".
 * Two choices where MolPAL's edge cases do not carry over: failed oracle calls (null) are not observations
 * here, whereas MolPAL counts them as -inf; and with fewer than k labels the incumbent is the worst of them,
 * where `np.partition` would raise.
 */
import { AlcoveError } from '../shared/errors.js';
import type { Objective } from './objective.js';
import { orient } from './objective.js';

export const INCUMBENT_RULES = ['best', 'kth'] as const;
export type IncumbentRule = (typeof INCUMBENT_RULES)[number];

export interface IncumbentOptions {
  readonly objective: Objective;
  readonly rule: IncumbentRule;
  /** kth: which best label (1 is `best`); an integer >= 1. */
  readonly k: number;
}

/** The incumbent, oriented (higher is better); -Infinity before any label. */
export function incumbent(labels: readonly (number | null)[], options: IncumbentOptions): number {
  if (options.rule === 'best') {
    let best = Number.NEGATIVE_INFINITY;
    for (const l of labels) if (l !== null) best = Math.max(best, orient(options, l));
    return best;
  }
  if (!Number.isInteger(options.k) || options.k < 1) {
    throw new AlcoveError('BAD_INPUT', `the k-th best incumbent needs an integer k >= 1, got ${options.k}`);
  }
  const observed: number[] = [];
  for (const l of labels) if (l !== null) observed.push(orient(options, l));
  if (observed.length === 0) return Number.NEGATIVE_INFINITY;
  observed.sort((a, b) => b - a);
  return observed[Math.min(options.k, observed.length) - 1] as number;
}
