/**
 * The per-candidate score of every acquisition strategy, registered by name (as bullmq registers its
 * backoff strategies). Every strategy, including random, is "take the top `batch` of this score", so
 * `acquire` and `acquisitionScores` can never disagree.
 */
import { AlcoveError } from '../shared/errors.js';
import type { Rng } from '../shared/rng.js';
import type { AcquisitionInput, AcquisitionScoreFn, AcquisitionStrategy } from './acquisition-types.js';
import { expectedImprovement, probabilityOfImprovement } from './expected-improvement.js';

function requireMean(name: AcquisitionStrategy, input: AcquisitionInput): Float64Array {
  if (input.mean === undefined) {
    throw new AlcoveError('BAD_INPUT', `acquisition '${name}' needs the model mean, which is missing`);
  }
  return input.mean;
}

function requireStd(name: AcquisitionStrategy, input: AcquisitionInput): Float64Array {
  if (input.std === undefined) {
    throw new AlcoveError('BAD_INPUT', `acquisition '${name}' needs the model std, which is missing`);
  }
  return input.std;
}

function requireFinite(name: AcquisitionStrategy, param: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw new AlcoveError('BAD_INPUT', `acquisition '${name}' needs a finite ${param}, got ${value}`);
  }
  return value;
}

/**
 * random: one uniform key per candidate (in candidate order); the top `batch` keys are a uniform sample
 * without replacement. Costs n draws instead of `batch`, which is negligible next to model inference.
 */
function randomScores(input: AcquisitionInput, rng: Rng): Float64Array {
  const out = new Float64Array(input.candidates.length);
  for (let i = 0; i < out.length; i++) out[i] = rng.next();
  return out;
}

function greedyScores(input: AcquisitionInput): Float64Array {
  return Float64Array.from(requireMean('greedy', input));
}

function ucbScores(input: AcquisitionInput): Float64Array {
  const mean = requireMean('ucb', input);
  const std = requireStd('ucb', input);
  const beta = requireFinite('ucb', 'beta', input.beta);
  const out = new Float64Array(mean.length);
  for (let i = 0; i < out.length; i++) out[i] = (mean[i] as number) + beta * (std[i] as number);
  return out;
}

function uncertaintyScores(input: AcquisitionInput): Float64Array {
  return Float64Array.from(requireStd('uncertainty', input));
}

/** thompson: one posterior draw mean + std * N(0, 1) per candidate, drawn in candidate order (even if std = 0). */
function thompsonScores(input: AcquisitionInput, rng: Rng): Float64Array {
  const mean = requireMean('thompson', input);
  const std = requireStd('thompson', input);
  const out = new Float64Array(mean.length);
  for (let i = 0; i < out.length; i++) out[i] = (mean[i] as number) + (std[i] as number) * rng.normal();
  return out;
}

/**
 * ei / pi over the target `best + xi`, where `best` is the incumbent the caller chose (see `incumbent`).
 * xi is a margin the improvement must clear; MolPAL adds it instead (improvement = mean - current_max + xi),
 * which with the same xi ranks as a target of `best - xi`.
 */
function improvementScores(
  name: 'ei' | 'pi',
  input: AcquisitionInput,
  fn: (mean: number, std: number, target: number) => number,
): Float64Array {
  const mean = requireMean(name, input);
  const std = requireStd(name, input);
  const target = requireFinite(name, 'best', input.best) + requireFinite(name, 'xi', input.xi);
  const out = new Float64Array(mean.length);
  for (let i = 0; i < out.length; i++) out[i] = fn(mean[i] as number, std[i] as number, target);
  return out;
}

/**
 * threshold: P(Y > threshold) for Y ~ N(mean, std^2), i.e. PI with a fixed target in place of the incumbent.
 * The threshold is oriented like the mean, so with `objective: minimize` this is P(label < threshold).
 * MolPAL's `threshold` metric (metrics.py) is a different rule: a uniform random score for every candidate
 * whose mean is at or above the threshold and -1 below it, which needs no std.
 */
function thresholdScores(input: AcquisitionInput): Float64Array {
  const mean = requireMean('threshold', input);
  const std = requireStd('threshold', input);
  const t = requireFinite('threshold', 'threshold', input.threshold ?? Number.NaN);
  const out = new Float64Array(mean.length);
  for (let i = 0; i < out.length; i++) out[i] = probabilityOfImprovement(mean[i] as number, std[i] as number, t);
  return out;
}

export const ACQUISITION_SCORERS: Readonly<Record<AcquisitionStrategy, AcquisitionScoreFn>> = {
  random: randomScores,
  greedy: greedyScores,
  ucb: ucbScores,
  uncertainty: uncertaintyScores,
  thompson: thompsonScores,
  ei: (input) => improvementScores('ei', input, expectedImprovement),
  pi: (input) => improvementScores('pi', input, probabilityOfImprovement),
  threshold: thresholdScores,
};
