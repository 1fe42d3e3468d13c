import { createRng } from '../shared/rng.js';
import type { Oracle } from './oracle.js';

/**
 * Failure injection: a seeded share of oracle calls fails (decided per molecule, so a resumed campaign
 * fails the same calls). The truth used for metrics is untouched.
 */
export function withInjectedOracleFailures(oracle: Oracle, rate: number, seed: number): Oracle {
  if (rate <= 0) return oracle;
  return {
    kind: oracle.kind,
    truth: (exec) => oracle.truth(exec),
    async label(indices, exec) {
      const values = await oracle.label(indices, exec);
      return values.map((v, j) => (createRng(seed, 'inject', 'oracle', indices[j] ?? j).next() < rate ? null : v));
    },
  };
}
