/**
 * Closed-form improvement statistics of a Gaussian prediction N(mean, std^2) over a target
 * (`best + xi`, higher is better).
 */
import { expectedImprovementFactor, normalCdf, normalPdf } from './normal-distribution.js';

/**
 * E[max(Y - target, 0)] for Y ~ N(mean, std^2). With std = 0 this is max(mean - target, 0).
 * Written as (mean - target) * Phi(z) + std * phi(z) for z >= 0 and through a cancellation-free form for z < 0
 * (see `expectedImprovementFactor`), so that candidates far below the target still rank by their tiny EI
 * (the value underflows to 0 only below z ~ -38).
 */
export function expectedImprovement(mean: number, std: number, target: number): number {
  const d = mean - target;
  if (std === 0) return d > 0 ? d : 0;
  const z = d / std;
  // For z >= 0 the direct form never overflows (z = +Infinity when std is subnormal gives d * 1 + 0).
  if (z >= 0) return d * normalCdf(z) + std * normalPdf(z);
  return std * expectedImprovementFactor(z);
}

/** P(Y > target) for Y ~ N(mean, std^2). With std = 0 this is the indicator mean > target. */
export function probabilityOfImprovement(mean: number, std: number, target: number): number {
  const d = mean - target;
  if (std === 0) return d > 0 ? 1 : 0;
  return normalCdf(d / std);
}
