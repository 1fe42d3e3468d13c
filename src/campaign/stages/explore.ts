import type { ExploreInput, ExploreOutput } from '../../machine/campaign-types.js';
import type { Exec } from '../../pool/executor.js';
import { acquireBatch } from './acquire-batch.js';
import { firstBatch } from './first-batch.js';
import { heldOutSplit } from './held-out-split.js';
import { validIndices } from './index-sets.js';
import { labelBatch } from './label-batch.js';
import { nothingToAcquireError } from './nothing-to-acquire.js';
import type { StageDeps } from './stage-deps.js';

export type ExploreDeps = Pick<
  StageDeps,
  | 'config'
  | 'molecules'
  | 'oracle'
  | 'executor'
  | 'features'
  | 'models'
  | 'surrogate'
  | 'clock'
  | 'events'
  | 'initial'
  | 'pool'
>;

interface Picked {
  readonly picks: readonly number[];
  readonly predictMs: number;
  /** Generation 0 with a held-out set: the set, labeled before the first batch. */
  readonly heldOut?: { readonly test: number[]; readonly labels: (number | null)[]; readonly failures: number };
}

/**
 * Generation 0: the held-out set is drawn and labeled, then the first batch is chosen. A pool that
 * leaves no first batch is refused before any oracle call (`NOTHING_TO_ACQUIRE`).
 */
async function pickFirst(deps: ExploreDeps, valid: readonly number[], exec: Exec): Promise<Picked> {
  const test = heldOutSplit(deps.config, valid);
  const picks = firstBatch(deps.config, valid, test, deps.initial);
  if (picks.length === 0) {
    const counts = { molecules: deps.molecules, invalid: deps.molecules - valid.length, heldOut: test.length };
    throw nothingToAcquireError(deps.pool, counts);
  }
  if (test.length === 0) return { picks, predictMs: 0 };
  const t = await labelBatch(deps.oracle, test, exec);
  return { picks, predictMs: 0, heldOut: { test, labels: t.labels, failures: t.failures } };
}

/**
 * Chooses the generation's batch and labels it with the oracle. Generation 0 (nothing labeled yet)
 * also draws the held-out set and labels it first; the held-out calls count as oracle calls.
 */
export async function explore(deps: ExploreDeps, input: ExploreInput, signal: AbortSignal): Promise<ExploreOutput> {
  deps.events.emit('stage:start', { stage: 'explore', generation: input.generation });
  const { clock } = deps;
  const t0 = clock.monotonic();
  const exec = deps.executor.context(input.generation, signal);
  const valid = validIndices(deps.molecules, input.invalid);
  const picked: Picked =
    input.labeled.length === 0 ? await pickFirst(deps, valid, exec) : await acquireBatch(deps, input, valid, exec);
  const { picks, predictMs, heldOut } = picked;

  const to = clock.monotonic();
  const labeled = await labelBatch(deps.oracle, picks, exec);
  const oracleMs = clock.monotonic() - to;
  const seconds = (clock.monotonic() - t0) / 1000;
  deps.events.emit('stage:end', {
    stage: 'explore',
    generation: input.generation,
    ms: seconds * 1000,
    detail: { acquired: picks.length, oracle_failures: labeled.failures, predict_ms: predictMs, oracle_ms: oracleMs },
  });
  return {
    generation: input.generation,
    acquired: picks,
    labels: labeled.labels,
    ...(heldOut ? { test: heldOut.test, testLabels: heldOut.labels } : {}),
    oracleCalls: (heldOut?.test.length ?? 0) + picks.length,
    oracleFailures: (heldOut?.failures ?? 0) + labeled.failures,
    seconds,
  };
}
