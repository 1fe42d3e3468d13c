/** The campaign's objective: which way is better, and the metric that heads its reports. */

export type Objective = 'maximize' | 'minimize';

/** Higher is better: the campaign's objective applied to a raw label or prediction. */
export function orient(config: { readonly objective: Objective }, value: number): number {
  return config.objective === 'minimize' ? -value : value;
}

/** Oracles that know every pool molecule's label (`Oracle.truth`), so the true top-k is known. */
const ORACLES_WITH_TRUTH: readonly string[] = ['lookup', 'desirability'];

/** Strategies that pick molecules to improve the model rather than to find the best ones. */
const MODEL_FIT_STRATEGIES: readonly string[] = ['uncertainty'];

/**
 * The metric that fits the campaign's goal. A screening campaign (greedy, UCB, EI, ... on a regression)
 * is judged by the share of the true top-k it found where the oracle knows the truth, else by the mean of
 * the best labels found so far. A campaign that samples for the model (uncertainty sampling, and any
 * classification: its labels are 0/1, so a "top-k" saturates at once) is judged by the model's fit on the
 * held-out set; without one, by what its labels tell: the batch's Spearman (predicted before labeling) for
 * a regression, the explored top-k mean (the share of positives among the best k) for a classification.
 */
export function headlineMetric(config: {
  readonly task: 'regression' | 'classification';
  readonly campaign: { readonly test_fraction: number };
  readonly oracle?: { readonly kind: string };
  readonly acquisition?: { readonly strategy: string };
}): string {
  const heldOut = config.campaign.test_fraction > 0;
  if (config.task === 'classification') return heldOut ? 'roc_auc' : 'explored_topk_mean';
  if (MODEL_FIT_STRATEGIES.includes(config.acquisition?.strategy ?? 'greedy')) {
    return heldOut ? 'r2' : 'batch_spearman';
  }
  if (config.oracle !== undefined && !ORACLES_WITH_TRUTH.includes(config.oracle.kind)) return 'explored_topk_mean';
  return 'topk_scores';
}

/** Whether a metric means anything for this campaign: the top-k of 0/1 labels or of uncertainty picks does not. */
export function isMeaningfulMetric(
  config: { readonly task: 'regression' | 'classification'; readonly acquisition?: { readonly strategy: string } },
  metric: string,
): boolean {
  if (!metric.startsWith('topk_')) return true;
  return config.task === 'regression' && !MODEL_FIT_STRATEGIES.includes(config.acquisition?.strategy ?? 'greedy');
}
