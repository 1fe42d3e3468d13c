/**
 * Stopping rules: pure functions of the campaign history.
 *
 * Rules are checked in a fixed precedence and the first that fires names the reason:
 * 1. 'budget'         — the latest generation >= `generations` (an empty history counts as generation 0), or
 *                       no oracle calls left (`callsLeft`, when the campaign has a call budget);
 * 2. 'pool-exhausted' — no candidates left to acquire;
 * 3. 'converged'      — plateau: the headline metric (higher is better) has not improved on its best so far
 *                       by MORE than `min_delta` for `patience` consecutive generations (Keras EarlyStopping
 *                       semantics: an improvement resets the best and the count). `patience` 0 turns it off.
 *                       Generations whose headline is null (metric not computable) are skipped: they neither
 *                       improve nor count toward patience, so a campaign without a headline never "converges".
 *                       Or MolPAL's rule (`convergence`, on the `watched` series, higher is better): with v the
 *                       latest non-null value and u the one `window` non-null rounds before it, the relative
 *                       gain (v - u) / |u| is below `delta` (u = 0: the gain v - u itself).
 */
import { AlcoveError } from '../shared/errors.js';

export const STOP_REASONS = ['budget', 'pool-exhausted', 'converged'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export interface GenerationRecord {
  readonly generation: number;
  readonly labeled: number;
  readonly headline: number | null;
}

export interface StoppingParams {
  /** Generation budget. */
  readonly generations: number;
  /** Plateau patience in generations; 0 = plateau rule off. */
  readonly patience: number;
  /** Smallest headline gain that counts as an improvement (gain must be strictly greater). */
  readonly min_delta: number;
  /** Unlabeled, acquirable molecules left in the pool. */
  readonly candidatesLeft: number;
  /** Oracle calls left in the campaign's budget; left out: no call budget. */
  readonly callsLeft?: number;
  /** MolPAL's convergence rule; left out or null: off. */
  readonly convergence?: ConvergenceParams | null;
  /** The series the convergence rule watches (higher is better), aligned with the history. */
  readonly watched?: readonly (number | null)[];
}

export interface ConvergenceParams {
  /** Rounds (with a value) between the two compared. */
  readonly window: number;
  /** Relative gain below which the campaign has converged. */
  readonly delta: number;
}

export interface StopDecision {
  readonly stop: boolean;
  readonly reason: StopReason | null;
}

function checkHistory(history: readonly GenerationRecord[]): void {
  for (let i = 0; i < history.length; i++) {
    const r = history[i] as GenerationRecord;
    if (!Number.isInteger(r.generation) || r.generation < 0) {
      throw new AlcoveError(
        'BAD_INPUT',
        `stopping: history[${i}].generation = ${r.generation} is not a generation number`,
      );
    }
    if (i > 0 && r.generation <= (history[i - 1] as GenerationRecord).generation) {
      throw new AlcoveError(
        'BAD_INPUT',
        `stopping: history generations must increase (history[${i}] = ${r.generation})`,
      );
    }
    if (r.headline !== null && !Number.isFinite(r.headline)) {
      throw new AlcoveError('BAD_INPUT', `stopping: history[${i}].headline = ${r.headline} must be finite or null`);
    }
  }
}

function checkParams(p: StoppingParams): void {
  if (!Number.isInteger(p.generations) || p.generations < 0) {
    throw new AlcoveError('BAD_INPUT', `stopping: generations must be a non-negative integer, got ${p.generations}`);
  }
  if (!Number.isInteger(p.patience) || p.patience < 0) {
    throw new AlcoveError('BAD_INPUT', `stopping: patience must be a non-negative integer, got ${p.patience}`);
  }
  if (!Number.isFinite(p.min_delta) || p.min_delta < 0) {
    throw new AlcoveError('BAD_INPUT', `stopping: min_delta must be a finite number >= 0, got ${p.min_delta}`);
  }
  if (!(p.candidatesLeft >= 0)) {
    throw new AlcoveError('BAD_INPUT', `stopping: candidatesLeft must be >= 0, got ${p.candidatesLeft}`);
  }
}

export function budgetReached(history: readonly GenerationRecord[], generations: number): boolean {
  const last = history[history.length - 1];
  return (last?.generation ?? 0) >= generations;
}

export function poolExhausted(candidatesLeft: number): boolean {
  return candidatesLeft <= 0;
}

/**
 * Generations (with a non-null headline) since the headline last improved on its best by more than
 * `minDelta`; 0 when the latest one improved or there is no headline yet. For dashboards and `plateaued`.
 */
export function generationsWithoutImprovement(history: readonly GenerationRecord[], minDelta: number): number {
  let best: number | null = null;
  let wait = 0;
  for (const r of history) {
    if (r.headline === null) continue;
    if (best === null || r.headline > best + minDelta) {
      best = r.headline;
      wait = 0;
    } else {
      wait++;
    }
  }
  return wait;
}

export function plateaued(history: readonly GenerationRecord[], patience: number, minDelta: number): boolean {
  return patience > 0 && generationsWithoutImprovement(history, minDelta) >= patience;
}

/** MolPAL's rule: the relative gain of the watched series over `window` rounds (with a value) is below `delta`. */
export function relativeGainConverged(series: readonly (number | null)[], p: ConvergenceParams): boolean {
  const known = series.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!Number.isInteger(p.window) || p.window < 1 || known.length <= p.window) return false;
  const v = known[known.length - 1] as number;
  const u = known[known.length - 1 - p.window] as number;
  const gain = u === 0 ? v - u : (v - u) / Math.abs(u);
  return gain < p.delta;
}

export function shouldStop(history: readonly GenerationRecord[], params: StoppingParams): StopDecision {
  checkHistory(history);
  checkParams(params);
  if (budgetReached(history, params.generations)) return { stop: true, reason: 'budget' };
  if (params.callsLeft !== undefined && params.callsLeft <= 0) return { stop: true, reason: 'budget' };
  if (poolExhausted(params.candidatesLeft)) return { stop: true, reason: 'pool-exhausted' };
  if (plateaued(history, params.patience, params.min_delta)) return { stop: true, reason: 'converged' };
  if (params.convergence && relativeGainConverged(params.watched ?? [], params.convergence)) {
    return { stop: true, reason: 'converged' };
  }
  return { stop: false, reason: null };
}
