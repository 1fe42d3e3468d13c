import type { Rng } from '../shared/rng.js';

export const ACQUISITION_STRATEGIES = ['random', 'greedy', 'ucb', 'uncertainty', 'thompson', 'ei', 'pi'] as const;
export type AcquisitionStrategy = (typeof ACQUISITION_STRATEGIES)[number];

export interface AcquisitionInput {
  /**
   * Pool indices that may be acquired. The caller passes only unlabeled, non-test indices; they must be
   * unique non-negative integers. Random draws (random, thompson) are made in this order.
   */
  readonly candidates: Int32Array;
  /** Model mean per candidate (aligned with `candidates`), oriented so that HIGHER IS BETTER. */
  readonly mean?: Float64Array | undefined;
  /** Model spread per candidate (aligned with `candidates`), >= 0. */
  readonly std?: Float64Array | undefined;
  /** Best labeled objective so far (higher is better), for ei / pi. */
  readonly best: number;
  /** How many to pick (fewer if fewer candidates). */
  readonly batch: number;
  /** ucb: mean + beta * std. */
  readonly beta: number;
  /** ei / pi: improvement is measured over best + xi. */
  readonly xi: number;
}

/** Chosen pool indices, best first. */
export type AcquisitionFn = (input: AcquisitionInput, rng: Rng) => Int32Array;

/** Per-candidate score, aligned with `input.candidates`; acquisition takes the top `batch` of it. */
export type AcquisitionScoreFn = (input: AcquisitionInput, rng: Rng) => Float64Array;

export function isAcquisitionStrategy(value: unknown): value is AcquisitionStrategy {
  return typeof value === 'string' && (ACQUISITION_STRATEGIES as readonly string[]).includes(value);
}
