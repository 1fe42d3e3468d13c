import type { Rng } from '../shared/rng.js';

export const ACQUISITION_STRATEGIES = [
  'random',
  'greedy',
  'ucb',
  'uncertainty',
  'thompson',
  'ei',
  'pi',
  'threshold',
] as const;
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
  /** The incumbent (higher is better) for ei / pi: the best labeled objective so far, or the k-th best (`incumbent`). */
  readonly best: number;
  /** How many to pick (fewer if fewer candidates). */
  readonly batch: number;
  /** ucb: mean + beta * std. */
  readonly beta: number;
  /** ei / pi: improvement is measured over best + xi. */
  readonly xi: number;
  /**
   * Share of the batch, in [0, 1], taken uniformly at random from the candidates the strategy did not pick
   * (see `randomShareCount`); 0 or left out: the whole batch by the strategy.
   */
  readonly epsilon?: number | undefined;
  /** threshold: the value to exceed, oriented like `mean` (higher is better). */
  readonly threshold?: number | undefined;
}

/** Chosen pool indices, best first. */
export type AcquisitionFn = (input: AcquisitionInput, rng: Rng) => Int32Array;

/** Per-candidate score, aligned with `input.candidates`; acquisition takes the top `batch` of it. */
export type AcquisitionScoreFn = (input: AcquisitionInput, rng: Rng) => Float64Array;

export function isAcquisitionStrategy(value: unknown): value is AcquisitionStrategy {
  return typeof value === 'string' && (ACQUISITION_STRATEGIES as readonly string[]).includes(value);
}

/**
 * Whether a strategy ranks by the model's spread as well as its mean; exhaustive over the strategies so that a
 * new one has to answer. A model without uncertainty can serve only the strategies marked false.
 */
const NEEDS_UNCERTAINTY: Readonly<Record<AcquisitionStrategy, boolean>> = {
  random: false,
  greedy: false,
  ucb: true,
  uncertainty: true,
  thompson: true,
  ei: true,
  pi: true,
  threshold: true,
};

export function needsUncertainty(strategy: AcquisitionStrategy): boolean {
  return NEEDS_UNCERTAINTY[strategy];
}
