/** Pure decisions the campaign machine's guards and actions share: stopping, batch failures, progress. */
import type { SerializedError } from '../shared/errors.js';
import { shouldStop, type StopDecision } from '../strategies/stopping.js';
import type { CampaignContext, ExploreOutput } from './campaign-types.js';

function headlineHistory(ctx: CampaignContext) {
  return ctx.history.map((r) => {
    const value = r.metrics[ctx.plan.headline];
    return { generation: r.generation, labeled: r.labeled, headline: value ?? null };
  });
}

/** The stopping rule over the rounds so far. */
export function stopDecision(ctx: CampaignContext): StopDecision {
  return shouldStop(headlineHistory(ctx), {
    generations: ctx.plan.generations,
    patience: ctx.plan.patience,
    min_delta: ctx.plan.minDelta,
    candidatesLeft: ctx.candidatesLeft ?? 1,
  });
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
