/**
 * The Oracle seam: what labels the molecules a campaign acquires (a lookup in the dataset, a computed
 * desirability, an external program; see `createOracle`).
 *
 * A molecule whose call failed is `null` in the answer: it spends budget and is recorded, never
 * retried into a value by the campaign. `truth()` gives every pool molecule's value for retrospective
 * screening metrics (the true top-k) on benchmarks, or null when the oracle cannot know it without
 * being called on everything.
 */
import type { Exec } from '../pool/executor.js';

export interface Oracle {
  readonly kind: string;
  /** Values aligned with `indices`; null where the call failed. */
  label(indices: readonly number[], exec: Exec): Promise<(number | null)[]>;
  truth(exec: Exec): Promise<Float64Array | null>;
}
