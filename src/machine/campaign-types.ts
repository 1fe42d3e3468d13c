/** The campaign machine's context, events and the inputs/outputs of its stage actors. All plain JSON. */
import type { SerializedError } from '../shared/errors.js';

import type { Stage } from '../shared/vocabulary.js';

export type StageSeconds = Record<Stage, number>;

/** Metric name → value; `null` when it cannot be computed (JSON carries no NaN). */
export type Metrics = Record<string, number | null>;

export interface RoundRecord {
  readonly generation: number;
  readonly labeled: number;
  readonly metrics: Metrics;
  readonly seconds: StageSeconds;
}

export type StopReason = 'budget' | 'pool-exhausted' | 'converged';

/** What the machine needs of the config to make its decisions (guards). */
export interface CampaignPlan {
  readonly generations: number;
  readonly patience: number;
  readonly minDelta: number;
  /** A batch whose failed share exceeds this fails the campaign. */
  readonly maxFailureRate: number;
  /** The metric the stopping rule watches (higher is better, or per `objective` for label-valued metrics). */
  readonly headline: string;
  /**
   * The later keys below are absent from the plans of checkpoints written before them, which then run as
   * they did: no call budget, no convergence rule, a headline oriented higher-is-better.
   */
  /** Oracle calls the campaign may make (`campaign.budget` resolved); null: no limit. */
  readonly callBudget?: number | null;
  /** MolPAL's convergence rule over `explored_topk_mean`; null: off. */
  readonly convergence?: { readonly window: number; readonly delta: number } | null;
  readonly objective?: 'maximize' | 'minimize';
}

/** A batch handed to a laboratory (`oracle: { kind: manual }`) whose results have not all come back. */
export interface WaitingFor {
  readonly generation: number;
  /** The batch file, relative to the state folder (`batches/generation-N.csv`). */
  readonly file: string;
  /** Molecules of the batch still without a result. */
  readonly pending: number;
  readonly batch: number;
}

/**
 * The model's predictions on the held-out set in one generation's evaluate, aligned with the context's
 * `test`: null where a molecule was not predicted (its label failed) or the value was not finite. Bounded
 * by the held-out set, never per pool molecule.
 */
export interface HeldOutPredictions {
  readonly generation: number;
  readonly mean: readonly (number | null)[];
  readonly std: readonly (number | null)[];
}

export interface CampaignContext {
  readonly plan: CampaignPlan;
  /** The newest acquired batch: 0 is the initial random batch. */
  readonly generation: number;
  /** Pool indices in acquisition order. */
  readonly labeled: readonly number[];
  /** Aligned with `labeled`; `null` is a failed oracle call (budget spent, never re-acquired). */
  readonly labels: readonly (number | null)[];
  /** Aligned with `labeled`: the generation that acquired each molecule. */
  readonly acquiredIn: readonly number[];
  /**
   * Aligned with `labeled` (shorter in a checkpoint written before predictions were kept: the rest have
   * none): the model's predicted mean and uncertainty for each molecule when it was chosen, null when it
   * was chosen without a prediction (the first batch, random picks).
   */
  readonly predicted?: readonly (number | null)[];
  readonly predictedStd?: readonly (number | null)[];
  /** How many of the first labels were imported from `campaign.initial_from` (no oracle call). */
  readonly imported?: number;
  /** Pool indices whose SMILES RDKit could not parse; known after the first featurize. */
  readonly invalid: readonly number[] | null;
  /** Held-out test molecules and their labels. */
  readonly test: readonly number[];
  readonly testLabels: readonly (number | null)[];
  readonly modelKey: string | null;
  readonly history: readonly RoundRecord[];
  /** Seconds spent per stage in the generation under way. */
  readonly seconds: StageSeconds;
  readonly oracleCalls: number;
  readonly oracleFailures: number;
  readonly candidatesLeft: number | null;
  readonly stopReason: StopReason | null;
  readonly error: (SerializedError & { readonly stage: Stage }) | null;
  /** Set in the `waiting` state; absent in checkpoints written before the manual oracle existed. */
  readonly waiting?: WaitingFor | null;
  /** The latest evaluate's held-out predictions; null without a held-out set, absent in older checkpoints. */
  readonly heldOut?: HeldOutPredictions | null;
}

export interface FeaturizeInput {
  readonly generation: number;
}
export interface FeaturizeOutput {
  readonly invalid: readonly number[];
  readonly seconds: number;
}

export interface ExploreInput {
  /** The generation this batch will be: 0 for the initial random batch. */
  readonly generation: number;
  readonly labeled: readonly number[];
  readonly labels: readonly (number | null)[];
  readonly invalid: readonly number[];
  readonly test: readonly number[];
  readonly modelKey: string | null;
  /** Oracle calls left in the budget; null: no call budget. */
  readonly callsLeft?: number | null;
  /** The predictions at acquisition, aligned with `labeled` (see `CampaignContext.predicted`). */
  readonly predicted?: readonly (number | null)[];
  readonly predictedStd?: readonly (number | null)[];
}
export interface ExploreOutput {
  readonly generation: number;
  readonly acquired: readonly number[];
  readonly labels: readonly (number | null)[];
  /** Set on the initial batch when a held-out split is drawn. */
  readonly test?: readonly number[];
  readonly testLabels?: readonly (number | null)[];
  readonly oracleCalls: number;
  readonly oracleFailures: number;
  /** Aligned with `acquired`: the prediction each was chosen on (see `CampaignContext.predicted`). */
  readonly predicted?: readonly (number | null)[];
  readonly predictedStd?: readonly (number | null)[];
  /** Labels of `acquired` read from `campaign.initial_from` instead of the oracle. */
  readonly imported?: number;
  readonly seconds: number;
  /** The oracle has not answered yet (a laboratory): nothing of this batch is applied, the campaign waits. */
  readonly waiting?: { readonly file: string; readonly pending: number; readonly batch: number };
}

export interface TrainInput {
  readonly generation: number;
  readonly labeled: readonly number[];
  readonly labels: readonly (number | null)[];
}
export interface TrainOutput {
  readonly modelKey: string;
  readonly seconds: number;
}

export interface EvaluateInput {
  readonly generation: number;
  readonly modelKey: string;
  readonly labeled: readonly number[];
  readonly labels: readonly (number | null)[];
  readonly invalid: readonly number[];
  readonly test: readonly number[];
  readonly testLabels: readonly (number | null)[];
  /** Aligned with `labeled` (see `CampaignContext`), for the prospective metrics. */
  readonly acquiredIn?: readonly number[];
  readonly predicted?: readonly (number | null)[];
}
export interface EvaluateOutput {
  readonly metrics: Metrics;
  /** The held-out set's predictions (absent without a held-out set with labels). */
  readonly heldOut?: HeldOutPredictions;
  /** Molecules still available to acquire. */
  readonly candidatesLeft: number;
  readonly seconds: number;
}

export type CampaignEvent = { readonly type: 'START' } | { readonly type: 'RETRY' };

export const ZERO_SECONDS: StageSeconds = { featurize: 0, train: 0, evaluate: 0, explore: 0 };
