/**
 * The seed of ensemble member `member`: a function of the base seed and the member's index only, so member 3
 * trained alone (say on another worker, `trainMlp(..., params, 3)` with `ensemble: 1`) is bit-identical to
 * member 3 of a serial five-member call.
 */
import { deriveSeed } from '../../shared/rng.js';

export function memberSeed(seed: number, member: number): number {
  return deriveSeed(seed, 'mlp-member', member);
}
