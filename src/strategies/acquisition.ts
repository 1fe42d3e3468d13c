/**
 * Acquisition: choose which unlabeled pool molecules to send to the oracle next.
 * Pure functions of (input, rng); they run on the main thread.
 */
import { AlcoveError } from '../shared/errors.js';
import type { Rng } from '../shared/rng.js';
import { ACQUISITION_SCORERS } from './acquisition-scores.js';
import { isAcquisitionStrategy } from './acquisition-types.js';
import type { AcquisitionFn, AcquisitionInput, AcquisitionStrategy } from './acquisition-types.js';
import { addRandomShare, randomShareCount } from './epsilon-share.js';
import { selectTop } from './top-k-selection.js';

export { ACQUISITION_STRATEGIES, isAcquisitionStrategy, needsUncertainty } from './acquisition-types.js';
export type { AcquisitionFn, AcquisitionInput, AcquisitionScoreFn, AcquisitionStrategy } from './acquisition-types.js';

function checkStrategy(name: unknown): AcquisitionStrategy {
  if (!isAcquisitionStrategy(name)) {
    throw new AlcoveError('BAD_INPUT', `unknown acquisition strategy '${String(name)}'`);
  }
  return name;
}

/** Candidates must be unique non-negative integers. O(n) when ascending (the usual case), else O(n log n). */
function checkCandidates(candidates: Int32Array): void {
  if (!(candidates instanceof Int32Array)) {
    throw new AlcoveError('BAD_INPUT', 'acquisition candidates must be an Int32Array of pool indices');
  }
  let ascending = true;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as number;
    if (c < 0) throw new AlcoveError('BAD_INPUT', `acquisition candidate ${c} is not a pool index`);
    if (i > 0 && c <= (candidates[i - 1] as number)) ascending = false;
  }
  if (ascending) return;
  const sorted = candidates.slice().sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new AlcoveError('BAD_INPUT', `acquisition candidates contain pool index ${sorted[i]} twice`);
    }
  }
}

function checkAligned(
  name: AcquisitionStrategy,
  what: 'mean' | 'std',
  values: Float64Array | undefined,
  n: number,
): void {
  if (values === undefined) return;
  if (values.length !== n) {
    throw new AlcoveError('BAD_INPUT', `acquisition '${name}': ${values.length} ${what} values for ${n} candidates`);
  }
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v) || (what === 'std' && v < 0)) {
      throw new AlcoveError('BAD_INPUT', `acquisition '${name}': ${what}[${i}] = ${v} is not valid`);
    }
  }
}

function checkInput(name: AcquisitionStrategy, input: AcquisitionInput): void {
  checkCandidates(input.candidates);
  if (!Number.isInteger(input.batch) || input.batch < 0) {
    throw new AlcoveError(
      'BAD_INPUT',
      `acquisition '${name}': batch must be a non-negative integer, got ${input.batch}`,
    );
  }
  const epsilon = input.epsilon ?? 0;
  if (!(epsilon >= 0 && epsilon <= 1)) {
    throw new AlcoveError('BAD_INPUT', `acquisition '${name}': epsilon must be in [0, 1], got ${epsilon}`);
  }
  const n = input.candidates.length;
  checkAligned(name, 'mean', input.mean, n);
  checkAligned(name, 'std', input.std, n);
}

/** The per-candidate score (aligned with `input.candidates`) that `acquire` ranks by; for dashboards and tests. */
export function acquisitionScores(name: AcquisitionStrategy, input: AcquisitionInput, rng: Rng): Float64Array {
  const strategy = checkStrategy(name);
  checkInput(strategy, input);
  return ACQUISITION_SCORERS[strategy](input, rng);
}

function topByScore(scores: Float64Array, candidates: Int32Array, count: number): Int32Array {
  const positions = selectTop(scores, candidates, count);
  const out = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = candidates[positions[i] as number] as number;
  return out;
}

/**
 * A batch of min(batch, n) candidates, never a duplicate. With epsilon 0 (or left out): the top `batch` by
 * score, best first (higher score first, then lower pool index), consuming the same random draws as
 * `acquisitionScores`. With epsilon > 0: the strategy's top `batch - r` and then r = `randomShareCount` drawn
 * uniformly from the rest (after the strategy's own draws); at epsilon 1 the strategy is not scored and the
 * batch is exactly the `random` strategy's.
 */
export function acquire(name: AcquisitionStrategy, input: AcquisitionInput, rng: Rng): Int32Array {
  const strategy = checkStrategy(name);
  checkInput(strategy, input);
  const batch = Math.min(input.batch, input.candidates.length);
  const share = input.epsilon ? randomShareCount(input.epsilon, batch) : 0;
  if (share === 0) return topByScore(ACQUISITION_SCORERS[strategy](input, rng), input.candidates, batch);
  const picks =
    share === batch
      ? new Int32Array(0)
      : topByScore(ACQUISITION_SCORERS[strategy](input, rng), input.candidates, batch - share);
  return addRandomShare(input.candidates, picks, share, rng);
}

/** Each strategy as a standalone `AcquisitionFn`, by name. */
export const ACQUISITION_FUNCTIONS: Readonly<Record<AcquisitionStrategy, AcquisitionFn>> = {
  random: (input, rng) => acquire('random', input, rng),
  greedy: (input, rng) => acquire('greedy', input, rng),
  ucb: (input, rng) => acquire('ucb', input, rng),
  uncertainty: (input, rng) => acquire('uncertainty', input, rng),
  thompson: (input, rng) => acquire('thompson', input, rng),
  ei: (input, rng) => acquire('ei', input, rng),
  pi: (input, rng) => acquire('pi', input, rng),
  threshold: (input, rng) => acquire('threshold', input, rng),
};

/** Look a strategy up by a name from configuration; throws BAD_CONFIG for an unknown name. */
export function getAcquisitionFunction(name: string): AcquisitionFn {
  if (!isAcquisitionStrategy(name)) {
    throw new AlcoveError('BAD_CONFIG', `unknown acquisition strategy '${name}'`);
  }
  return ACQUISITION_FUNCTIONS[name];
}
