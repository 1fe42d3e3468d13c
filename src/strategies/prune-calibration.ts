/**
 * The predictive std pruning uses (`acquisition.prune.uncertainty: calibrated`): the model's std scaled so
 * that it matches the errors the model has actually made. A forest's spread across trees is not a
 * predictive std: on library-2m it is several times smaller than the errors (bench/README.md, issue 16),
 * and taken at face value it prunes molecules that later turn out to be hits.
 *
 * The errors are those of the predictions at acquisition: every molecule chosen on a prediction keeps its
 * mean and std from when it was chosen (before its label was known), so each batch is an honest test of
 * the model that picked it. The scale is sqrt(sum e^2 / sum s^2) over them (the ratio of the mean squared
 * error to the mean predicted variance: one tiny std cannot blow it up, as a mean of (e / s)^2 would) and
 * is never below 1: a batch chosen greedily is where the model is most confident, so its errors are a
 * floor of the pool's, and shrinking the std would make pruning bolder on evidence that says little.
 */

export interface CalibrationInput {
  /** Aligned with `labels` (possibly shorter): the mean a molecule was chosen on, null without one. */
  readonly predicted: readonly (number | null)[];
  readonly predictedStd: readonly (number | null)[];
  readonly labels: readonly (number | null)[];
}

export interface Calibration {
  /**
   * The factor the model's std is multiplied by; null: nothing to calibrate on (no prediction at
   * acquisition has a label yet, or every one had std 0 and some were wrong), so nothing is pruned.
   */
  readonly scale: number | null;
  /** How many labeled predictions it rests on. */
  readonly errors: number;
}

/** The std scale from the labeled predictions at acquisition (label units; orientation does not matter). */
export function uncertaintyScale(input: CalibrationInput): Calibration {
  let squaredErrors = 0;
  let variances = 0;
  let errors = 0;
  const n = Math.min(input.labels.length, input.predicted.length, input.predictedStd.length);
  for (let j = 0; j < n; j++) {
    const y = input.labels[j];
    const mean = input.predicted[j];
    const std = input.predictedStd[j];
    if (y === null || y === undefined || mean === null || mean === undefined) continue;
    if (std === null || std === undefined || !Number.isFinite(y - mean) || !Number.isFinite(std)) continue;
    squaredErrors += (y - mean) ** 2;
    variances += std * std;
    errors++;
  }
  if (errors === 0) return { scale: null, errors };
  // All stds zero but errors made: the model claims certainty it does not have; nothing may be pruned on it.
  if (!(variances > 0)) return { scale: squaredErrors > 0 ? null : 1, errors };
  return { scale: Math.max(1, Math.sqrt(squaredErrors / variances)), errors };
}

/**
 * The root mean squared error of the labeled predictions at acquisition, null without any: the least std
 * pruning gives any molecule (`prune-pool.ts`), so the std of a model that gives none (a single network),
 * the same for every molecule. Like the scale above, it rests only on batches chosen before their labels
 * were known. The scale alone is not enough for a forest: it is fitted where the forest chose, where its
 * spread is largest, and leaves the spread of the unsampled pool, where its trees agree for lack of data,
 * below the errors that retraining will move those predictions by.
 */
export function errorRms(input: Pick<CalibrationInput, 'predicted' | 'labels'>): number | null {
  let squaredErrors = 0;
  let errors = 0;
  const n = Math.min(input.labels.length, input.predicted.length);
  for (let j = 0; j < n; j++) {
    const y = input.labels[j];
    const mean = input.predicted[j];
    if (y === null || y === undefined || mean === null || mean === undefined || !Number.isFinite(y - mean)) continue;
    squaredErrors += (y - mean) ** 2;
    errors++;
  }
  return errors === 0 ? null : Math.sqrt(squaredErrors / errors);
}
