/**
 * The range a metric can take, so that a mean ± sd band is drawn only where values can be: no band below 0
 * for a share of the top-k found, none above 1 for R² or ROC-AUC. Unknown metrics are unbounded.
 */
export interface MetricRange {
  readonly min: number;
  readonly max: number;
}

const UNIT: MetricRange = { min: 0, max: 1 };
const NON_NEGATIVE: MetricRange = { min: 0, max: Number.POSITIVE_INFINITY };
const CORRELATION: MetricRange = { min: -1, max: 1 };

const RANGES: Readonly<Record<string, MetricRange>> = {
  topk_smiles: UNIT,
  topk_scores: UNIT,
  roc_auc: UNIT,
  pr_auc: UNIT,
  accuracy: UNIT,
  r2: { min: Number.NEGATIVE_INFINITY, max: 1 },
  rmse: NON_NEGATIVE,
  mae: NON_NEGATIVE,
  batch_rmse: NON_NEGATIVE,
  hits: NON_NEGATIVE,
  spearman: CORRELATION,
  batch_spearman: CORRELATION,
};

export function metricRange(metric: string): MetricRange {
  return RANGES[metric] ?? { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };
}

export function clipToRange(value: number, range: MetricRange): number {
  return Math.min(range.max, Math.max(range.min, value));
}

/** The share of the true top-k that random acquisition finds is known (labeled / pool) for these metrics. */
export function hasRandomBaseline(metric: string): boolean {
  return metric === 'topk_smiles' || metric === 'topk_scores';
}
