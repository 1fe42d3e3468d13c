/**
 * The Oracle seam: what labels the molecules a campaign acquires (a lookup in the dataset, a computed
 * desirability, an external program, a laboratory; see `createOracle`).
 *
 * A molecule whose call failed is `null` in the answer: it spends budget and is recorded, never
 * retried into a value by the campaign. `truth()` gives every pool molecule's value for retrospective
 * screening metrics (the true top-k) on benchmarks, or null when the oracle cannot know it without
 * being called on everything.
 *
 * An oracle that labels in pieces (the command oracle's chunks) hands each piece's results to
 * `onResults` as they arrive, so that the oracle journal keeps them even if the batch never ends; what
 * an oracle did not report there is journaled when `label` returns (unless it is `recomputable`).
 */
import type { Exec } from '../pool/executor.js';
import type { ResultSink } from './fan-out.js';

export type { OracleResult, ResultSink } from './fan-out.js';

/** The model's view of a batch when it chose it, aligned with the molecules asked for. */
export interface BatchPredictions {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface LabelOptions {
  /** Where results go as they arrive (the journal). */
  readonly onResults?: ResultSink;
  /** What the model predicted for each molecule (none for a random or first batch). */
  readonly predicted?: BatchPredictions;
}

export interface Oracle {
  readonly kind: string;
  /**
   * Asking again costs nothing and gives the same answer (a lookup, a computed score): its results are
   * not journaled, which spares an fsync per batch.
   */
  readonly recomputable?: boolean;
  /** Values aligned with `indices`; null where the call failed. */
  label(indices: readonly number[], exec: Exec, options?: LabelOptions): Promise<(number | null)[]>;
  truth(exec: Exec): Promise<Float64Array | null>;
}
