/** The campaign's objective: which way is better, and the metric that heads its reports. */

export type Objective = 'maximize' | 'minimize';

/** Higher is better: the campaign's objective applied to a raw label or prediction. */
export function orient(config: { readonly objective: Objective }, value: number): number {
  return config.objective === 'minimize' ? -value : value;
}

/** Oracles that know every pool molecule's label (`Oracle.truth`), so the true top-k is known. */
const ORACLES_WITH_TRUTH: readonly string[] = ['lookup', 'desirability'];

/**
 * With a held-out set the model's fit heads the report; without one, the share of the true top found when
 * the oracle knows the truth, or else (a program, a lab) the mean of the best labels found so far.
 */
export function headlineMetric(config: {
  readonly task: 'regression' | 'classification';
  readonly campaign: { readonly test_fraction: number };
  readonly oracle?: { readonly kind: string };
}): string {
  if (config.campaign.test_fraction > 0) return config.task === 'regression' ? 'r2' : 'roc_auc';
  if (config.oracle !== undefined && !ORACLES_WITH_TRUTH.includes(config.oracle.kind)) return 'explored_topk_mean';
  return 'topk_scores';
}
