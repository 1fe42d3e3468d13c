/**
 * Mean and population SD across prediction samples (ensemble members, Monte-Carlo passes), as al_models.py's
 * `per.mean(0), per.std(0)`. The SD uses Welford's update, so it is exactly 0 when all samples agree; the
 * mean is sum / samples, summed in sample order.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { MlpPrediction } from '../../shared/mlp-types.js';

export function combineMemberPredictions(samples: readonly Float64Array[]): MlpPrediction {
  if (samples.length === 0) throw new AlcoveError('BAD_INPUT', 'mlp: no prediction samples to combine');
  const n = samples[0]!.length;
  if (samples.some((s) => s.length !== n)) throw new AlcoveError('BAD_INPUT', 'mlp: samples differ in length');
  const sum = new Float64Array(n);
  const runMean = new Float64Array(n);
  const m2 = new Float64Array(n);
  samples.forEach((s, t) => {
    const k = t + 1;
    for (let r = 0; r < n; r++) {
      const v = s[r]!;
      sum[r]! += v;
      const delta = v - runMean[r]!;
      runMean[r]! += delta / k;
      m2[r]! += delta * (v - runMean[r]!);
    }
  });
  const std = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    sum[r]! /= samples.length;
    std[r] = Math.sqrt(Math.max(0, m2[r]! / samples.length));
  }
  return { mean: sum, std };
}
