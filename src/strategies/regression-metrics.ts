/**
 * Regression quality of a model on held-out molecules. Metrics that cannot be computed are `null`
 * (never NaN: JSON cannot carry NaN):
 * - rmse, mae: null only for an empty set;
 * - r2 = 1 - SSres/SStot: null when the true values are constant (SStot = 0, R² undefined; scikit-learn
 *   would report 1.0 or 0.0 there, which would read as a real score on a dashboard);
 * - spearman (Pearson correlation of average ranks, so ties are handled): null when either side is constant
 *   or there are fewer than 2 points.
 * Non-finite inputs are a caller bug and throw BAD_INPUT.
 */
import { checkFinite, checkSameLength } from './metric-input.js';
import { averageRanks, pearson } from './ranks.js';

export interface RegressionMetrics {
  readonly rmse: number | null;
  readonly mae: number | null;
  readonly r2: number | null;
  readonly spearman: number | null;
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  checkSameLength('regressionMetrics', yTrue, yPred);
  checkFinite('regressionMetrics', 'yTrue', yTrue);
  checkFinite('regressionMetrics', 'yPred', yPred);
  const n = yTrue.length;
  if (n === 0) return { rmse: null, mae: null, r2: null, spearman: null };

  let meanTrue = 0;
  let constant = true;
  const first = yTrue[0] as number;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    meanTrue += t;
    if (t !== first) constant = false;
  }
  meanTrue /= n;

  let ssRes = 0;
  let absSum = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const e = t - (yPred[i] as number);
    ssRes += e * e;
    absSum += Math.abs(e);
    ssTot += (t - meanTrue) * (t - meanTrue);
  }

  const rTrue = averageRanks(yTrue);
  const rPred = averageRanks(yPred);
  const spearman = rTrue.groups < 2 || rPred.groups < 2 ? null : pearson(rTrue.ranks, rPred.ranks);

  return {
    rmse: Math.sqrt(ssRes / n),
    mae: absSum / n,
    // `constant` rather than ssTot === 0: the mean of equal values may round, leaving a tiny ssTot.
    r2: constant || ssTot === 0 ? null : 1 - ssRes / ssTot,
    spearman,
  };
}
