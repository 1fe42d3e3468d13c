import type { CampaignContext } from '../machine/campaign-types.js';

/** The progress line of the last round: its headline metrics and the seconds it took. */
export function formatRound(ctx: CampaignContext, poolSize: number): string {
  const last = ctx.history[ctx.history.length - 1];
  if (last === undefined) return '';
  // Without the truth (a program, a lab), the prospective figures stand in for the share of the top found.
  const prospective = last.metrics.topk_scores === undefined ? ['explored_topk_mean', 'batch_rmse'] : [];
  const shown = ['topk_scores', 'topk_smiles', ...prospective, 'r2', 'rmse', 'roc_auc', 'pr_auc'];
  const parts = shown
    .filter((m) => last.metrics[m] !== undefined && last.metrics[m] !== null)
    .map((m) => `${m} ${(last.metrics[m] as number).toFixed(3)}`);
  const secs = Object.values(last.seconds).reduce((a, b) => a + b, 0);
  return `generation ${last.generation}  labeled ${last.labeled}/${poolSize}  ${parts.join('  ')}  (${secs.toFixed(1)} s)`;
}
