/** What the metrics are called where people read them: the page's titles and the report's headings. */
const TITLES: Readonly<Record<string, string>> = {
  topk_scores: 'top-k found (share of the true top-k)',
  topk_smiles: 'top-k molecules found (share)',
  explored_topk_mean: 'mean of the best k labels found',
  best_label: 'best label found',
  hits: 'hits (at least the threshold)',
  batch_rmse: 'RMSE of each batch, predicted before labeling',
  batch_spearman: 'Spearman of each batch, predicted before labeling',
  r2: 'R² on the held-out set',
  rmse: 'RMSE on the held-out set',
  mae: 'MAE on the held-out set',
  spearman: 'Spearman on the held-out set',
  roc_auc: 'ROC-AUC on the held-out set',
  pr_auc: 'PR-AUC on the held-out set',
  accuracy: 'accuracy on the held-out set',
};

const SHORT: Readonly<Record<string, string>> = {
  topk_scores: 'top-k found',
  topk_smiles: 'top-k molecules found',
  explored_topk_mean: 'best-k mean label',
  batch_spearman: 'batch Spearman',
  batch_rmse: 'batch RMSE',
  r2: 'R² (held-out)',
  roc_auc: 'ROC-AUC (held-out)',
};

/** A short title (a card's label, a legend): the name itself when it has none. */
export function metricShortTitle(name: string): string {
  return SHORT[name] ?? name;
}

/** A readable title for a metric name; the name itself when it has none. */
export function metricTitle(name: string): string {
  return TITLES[name] ?? name;
}
