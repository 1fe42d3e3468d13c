/**
 * Metrics a campaign can report without ground truth, from the labels it has and the predictions it made
 * when it chose each batch (the honest prospective learning curve):
 * - explored_topk_mean: the mean of the best k labels found so far (MolPAL's "TOP-k AVE"), in label units;
 *   null while fewer than k molecules have a label;
 * - best_label: the best label so far (per the objective), null before any;
 * - hits: labels at least as good as `hitThreshold` (>= when maximizing, <= when minimizing), when it is set;
 * - batch_rmse, batch_spearman: the model's prediction of the batch it chose this generation, made before
 *   the oracle ran, against the labels that came back (failed calls and unpredicted picks left out; random
 *   picks and the first batch have no prediction). Spearman is null below 2 pairs or on constant sides.
 */
import { regressionMetrics } from './regression-metrics.js';
import { orient, type Objective } from './objective.js';

export interface ProspectiveInput {
  /** Labels of the acquired molecules, in acquisition order; null is a failed oracle call. */
  readonly labels: readonly (number | null)[];
  /** Aligned with `labels`: the generation that acquired each molecule. */
  readonly acquiredIn: readonly number[];
  /** Aligned with `labels` (may be shorter: missing entries have no prediction). */
  readonly predicted: readonly (number | null)[];
  readonly generation: number;
  readonly objective: Objective;
  readonly k: number;
  readonly hitThreshold: number | null;
}

export interface ProspectiveMetrics {
  readonly explored_topk_mean: number | null;
  readonly best_label: number | null;
  readonly hits?: number;
  readonly batch_rmse: number | null;
  readonly batch_spearman: number | null;
}

function exploredTopk(labels: readonly number[], objective: Objective, k: number) {
  const side = { objective };
  const sorted = [...labels].sort((a, b) => orient(side, b) - orient(side, a));
  const best = sorted[0] ?? null;
  if (k < 1 || sorted.length < k) return { mean: null, best };
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i] as number;
  return { mean: sum / k, best };
}

function batchFit(input: ProspectiveInput): { rmse: number | null; spearman: number | null } {
  const y: number[] = [];
  const p: number[] = [];
  for (let j = 0; j < input.labels.length; j++) {
    if (input.acquiredIn[j] !== input.generation) continue;
    const label = input.labels[j];
    const pred = input.predicted[j];
    if (label === null || label === undefined || pred === null || pred === undefined) continue;
    if (!Number.isFinite(label) || !Number.isFinite(pred)) continue;
    y.push(label);
    p.push(pred);
  }
  const fit = regressionMetrics(y, p);
  return { rmse: fit.rmse, spearman: fit.spearman };
}

export function prospectiveMetrics(input: ProspectiveInput): ProspectiveMetrics {
  const known = input.labels.filter((l): l is number => l !== null && Number.isFinite(l));
  const { mean, best } = exploredTopk(known, input.objective, input.k);
  const threshold = input.hitThreshold;
  const fit = batchFit(input);
  return {
    explored_topk_mean: mean,
    best_label: best,
    ...(threshold === null
      ? {}
      : { hits: known.filter((l) => (input.objective === 'minimize' ? l <= threshold : l >= threshold)).length }),
    batch_rmse: fit.rmse,
    batch_spearman: fit.spearman,
  };
}
