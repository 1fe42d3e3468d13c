/** The campaign's objective: which way is better, and the metric that heads its reports. */

export type Objective = 'maximize' | 'minimize';

/** Higher is better: the campaign's objective applied to a raw label or prediction. */
export function orient(config: { readonly objective: Objective }, value: number): number {
  return config.objective === 'minimize' ? -value : value;
}

/** With a held-out set the model's fit heads the report; without one, the share of the top found. */
export function headlineMetric(config: {
  readonly task: 'regression' | 'classification';
  readonly campaign: { readonly test_fraction: number };
}): string {
  if (config.campaign.test_fraction > 0) return config.task === 'regression' ? 'r2' : 'roc_auc';
  return 'topk_scores';
}
