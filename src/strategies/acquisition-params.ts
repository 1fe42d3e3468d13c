/**
 * The campaign's `acquisition` settings as the parameters of an `AcquisitionInput`, in the orientation the
 * strategies rank in (higher is better): the explore stage's one call into this folder besides `acquire`.
 */
import type { AcquisitionInput } from './acquisition-types.js';
import type { IncumbentRule } from './incumbent.js';
import { incumbent } from './incumbent.js';
import type { Objective } from './objective.js';
import { orient } from './objective.js';

/** The fields of the resolved `acquisition` config that shape a batch (the strategy aside). */
export interface AcquisitionSettings {
  readonly beta: number;
  readonly xi: number;
  readonly epsilon: number;
  /** In label units; null when not set. */
  readonly threshold: number | null;
  readonly incumbent: IncumbentRule;
  /** null: the campaign's top-k. */
  readonly incumbent_k: number | null;
}

export type AcquisitionParams = Pick<AcquisitionInput, 'best' | 'beta' | 'xi' | 'epsilon' | 'threshold'>;

/**
 * `labels` are the labeled molecules' labels (null: a failed oracle call), `topK` the campaign's top-k
 * (`resolveTopK`), the default k of the `kth` incumbent. Epsilon 0 and an unset threshold are left out, so
 * that a config without them gives the same input as before they existed.
 */
export function acquisitionParams(
  config: { readonly objective: Objective; readonly acquisition: AcquisitionSettings },
  labels: readonly (number | null)[],
  topK: number,
): AcquisitionParams {
  const a = config.acquisition;
  const k = Math.max(1, a.incumbent_k ?? topK);
  return {
    best: incumbent(labels, { objective: config.objective, rule: a.incumbent, k }),
    beta: a.beta,
    xi: a.xi,
    ...(a.epsilon !== 0 ? { epsilon: a.epsilon } : {}),
    ...(a.threshold !== null ? { threshold: orient(config, a.threshold) } : {}),
  };
}
