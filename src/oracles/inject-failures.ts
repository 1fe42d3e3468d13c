import { createRng } from '../shared/rng.js';
import type { Oracle, OracleResult } from './oracle.js';

/**
 * Failure injection: a seeded share of oracle calls fails (decided per molecule, so a resumed campaign
 * fails the same calls, journaled or not). The truth used for metrics is untouched.
 */
export function withInjectedOracleFailures(oracle: Oracle, rate: number, seed: number): Oracle {
  if (rate <= 0) return oracle;
  const fails = (index: number) => createRng(seed, 'inject', 'oracle', index).next() < rate;
  const inject = (r: OracleResult): OracleResult => (fails(r.index) ? { ...r, value: null, class: 'error' } : r);
  return {
    kind: oracle.kind,
    ...(oracle.recomputable === true ? { recomputable: true } : {}),
    truth: (exec) => oracle.truth(exec),
    async label(indices, exec, options) {
      const sink = options?.onResults;
      const values = await oracle.label(indices, exec, {
        ...options,
        ...(sink === undefined ? {} : { onResults: (rs) => sink(rs.map(inject)) }),
      });
      return values.map((v, j) => (fails(indices[j] ?? j) ? null : v));
    },
  };
}
