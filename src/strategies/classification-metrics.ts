/**
 * Binary classification quality of a model on held-out molecules (labels 0/1, `prob` = score for class 1).
 * - roc_auc: Mann-Whitney U with average ranks, so tied scores count one half (= scikit-learn's roc_auc_score);
 * - pr_auc: average precision exactly as scikit-learn's `average_precision_score`: the step-wise sum
 *   Σ (R_n - R_{n-1}) P_n over the distinct score thresholds, high to low (tied scores form one threshold);
 * - accuracy: predicted class 1 when prob > 0.5. Strictly greater, like scikit-learn's `predict`, which takes
 *   the argmax of [1 - p, p] and resolves p = 0.5 to class 0 (a forest with an even number of trees hits it).
 * roc_auc and pr_auc are null when one class is absent; accuracy is null only for an empty set.
 * Labels other than 0/1 and non-finite scores throw BAD_INPUT.
 */
import { AlcoveError } from '../shared/errors.js';
import { checkFinite, checkSameLength } from './metric-input.js';
import { ranksFromGroups, tieGroups } from './ranks.js';
import type { TieGroups } from './ranks.js';

export interface ClassificationMetrics {
  readonly roc_auc: number | null;
  readonly pr_auc: number | null;
  readonly accuracy: number | null;
}

/** Mann-Whitney U / (pos * neg) from the average ranks of the scores. Both classes present. */
function rocAuc(yTrue: ArrayLike<number>, groups: TieGroups, pos: number): number {
  const neg = yTrue.length - pos;
  const ranks = ranksFromGroups(groups);
  let rankSum = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === 1) rankSum += ranks[i] as number;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** scikit-learn's average precision: one threshold per distinct score, walked from the highest down. */
function averagePrecision(yTrue: ArrayLike<number>, { distinct, group, size }: TieGroups, pos: number): number {
  const n = yTrue.length;
  const positives = new Int32Array(distinct.length);
  for (let i = 0; i < n; i++)
    if (yTrue[i] === 1) positives[group[i] as number] = (positives[group[i] as number] as number) + 1;
  let tp = 0;
  let predicted = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let g = distinct.length - 1; g >= 0; g--) {
    tp += positives[g] as number;
    predicted += size[g] as number;
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / predicted);
    prevRecall = recall;
  }
  return ap;
}

export function classificationMetrics(yTrue: ArrayLike<number>, prob: ArrayLike<number>): ClassificationMetrics {
  checkSameLength('classificationMetrics', yTrue, prob);
  checkFinite('classificationMetrics', 'prob', prob);
  const n = yTrue.length;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i];
    if (y !== 0 && y !== 1) {
      throw new AlcoveError('BAD_INPUT', `classificationMetrics: yTrue[${i}] = ${String(y)} is not 0 or 1`);
    }
    if (((prob[i] as number) > 0.5 ? 1 : 0) === y) correct++;
  }
  if (n === 0) return { roc_auc: null, pr_auc: null, accuracy: null };
  let pos = 0;
  for (let i = 0; i < n; i++) pos += yTrue[i] as number;
  if (pos === 0 || pos === n) return { roc_auc: null, pr_auc: null, accuracy: correct / n };
  const groups = tieGroups(prob); // one sort shared by both curves
  return { roc_auc: rocAuc(yTrue, groups, pos), pr_auc: averagePrecision(yTrue, groups, pos), accuracy: correct / n };
}
