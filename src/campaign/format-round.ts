import type { CampaignConfig } from '../config/campaign-schema.js';
import type { CampaignContext } from '../machine/campaign-types.js';
import { headlineMetric, isMeaningfulMetric } from '../strategies/objective.js';

/** The metrics a round's line may show after the headline, in this order, where the round has them. */
const SHOWN = ['topk_scores', 'topk_smiles', 'explored_topk_mean', 'batch_rmse', 'r2', 'rmse', 'roc_auc', 'pr_auc'];

/**
 * The progress line of the last round: the campaign's headline metric first, then the others that mean
 * something for it (no top-k share for uncertainty sampling or 0/1 labels), and the seconds it took.
 */
export function formatRound(
  ctx: CampaignContext,
  poolSize: number,
  config: Pick<CampaignConfig, 'task' | 'campaign' | 'oracle' | 'acquisition'>,
): string {
  const last = ctx.history[ctx.history.length - 1];
  if (last === undefined) return '';
  const headline = headlineMetric(config);
  // Without the truth (a program, a lab), the prospective figures stand in for the share of the top found.
  const prospective = last.metrics.topk_scores === undefined;
  const names = [headline, ...SHOWN.filter((m) => m !== headline)].filter(
    (m) =>
      isMeaningfulMetric(config, m) &&
      (prospective || m === headline || (m !== 'explored_topk_mean' && m !== 'batch_rmse')),
  );
  const parts = names
    .filter((m) => typeof last.metrics[m] === 'number')
    .map((m) => `${m} ${(last.metrics[m] as number).toFixed(3)}`);
  const secs = Object.values(last.seconds).reduce((a, b) => a + b, 0);
  return `generation ${last.generation}  labeled ${last.labeled}/${poolSize}  ${parts.join('  ')}  (${secs.toFixed(1)} s)`;
}
