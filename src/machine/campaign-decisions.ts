/** Pure decisions the campaign machine's guards and actions share: stopping, batch failures, progress. */
import type { SerializedError } from '../shared/errors.js';
import { shouldStop, type StopDecision } from '../strategies/stopping.js';
import type { CampaignContext, ExploreOutput } from './campaign-types.js';

/** Metrics in label units: better is per the objective (the others are higher-is-better). */
const LABEL_VALUED: readonly string[] = ['explored_topk_mean', 'best_label'];

/** A round's value of `metric`, oriented so that higher is better. */
function oriented(ctx: CampaignContext, metric: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return LABEL_VALUED.includes(metric) && ctx.plan.objective === 'minimize' ? -value : value;
}

function headlineHistory(ctx: CampaignContext) {
  return ctx.history.map((r) => ({
    generation: r.generation,
    labeled: r.labeled,
    headline: oriented(ctx, ctx.plan.headline, r.metrics[ctx.plan.headline]),
  }));
}

/** Oracle calls left in the budget; null without a call budget. */
export function callsLeft(ctx: CampaignContext): number | null {
  const budget = ctx.plan.callBudget ?? null;
  return budget === null ? null : Math.max(0, budget - ctx.oracleCalls);
}

/** The stopping rule over the rounds so far. */
export function stopDecision(ctx: CampaignContext): StopDecision {
  const left = callsLeft(ctx);
  const convergence = ctx.plan.convergence ?? null;
  return shouldStop(headlineHistory(ctx), {
    generations: ctx.plan.generations,
    patience: ctx.plan.patience,
    min_delta: ctx.plan.minDelta,
    candidatesLeft: ctx.candidatesLeft ?? 1,
    ...(left === null ? {} : { callsLeft: left }),
    ...(convergence === null
      ? {}
      : {
          convergence,
          watched: ctx.history.map((r) => oriented(ctx, 'explored_topk_mean', r.metrics.explored_topk_mean)),
        }),
  });
}

/** `values` (aligned with `ctx.labeled`) padded with null to its length: older checkpoints kept none. */
export function alignedToLabeled<T>(ctx: CampaignContext, values: readonly (T | null)[] | undefined): (T | null)[] {
  const out: (T | null)[] = values === undefined ? [] : [...values];
  while (out.length < ctx.labeled.length) out.push(null);
  return out;
}

export function batchFailures(out: ExploreOutput): number {
  return out.labels.filter((l) => l === null).length;
}

/**
 * An explore that acquired nothing made no progress: going on would loop featurize → explore (or
 * train → evaluate → explore) on the same context forever. With nothing labeled yet, the campaign cannot
 * start; after that, the pool is exhausted.
 */
export function acquiredNothing(out: ExploreOutput): boolean {
  return out.acquired.length === 0;
}

/** The failure of a campaign whose first explore found nothing to acquire. */
export function nothingToAcquire(out: ExploreOutput): SerializedError & { readonly stage: 'explore' } {
  return {
    name: 'AlcoveError',
    code: 'NOTHING_TO_ACQUIRE',
    message: `generation ${out.generation} acquired no molecule and none is labeled: the pool has nothing to acquire`,
    retryable: false,
    stage: 'explore',
  };
}

/** The batch's predictions (or uncertainties), one per acquired molecule, null where there was none. */
export function batchValues(out: ExploreOutput, key: 'predicted' | 'predictedStd'): (number | null)[] {
  const values = out[key];
  return out.acquired.map((_, j) => values?.[j] ?? null);
}
