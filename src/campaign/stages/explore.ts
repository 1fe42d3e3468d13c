import type { ExploreInput, ExploreOutput } from '../../machine/campaign-types.js';
import type { Exec } from '../../pool/executor.js';
import { acquireBatch, type AcquiredBatch } from './acquire-batch.js';
import { topOfRanking } from './export-ranking.js';
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
  | 'clock'
  | 'events'
  | 'initial'
  | 'imported'
  | 'exports'
  | 'pool'
>;

interface Picked extends AcquiredBatch {
  /** Generation 0 with a held-out set: the set, labeled before the first batch. */
  readonly heldOut?: { readonly test: number[]; readonly labels: (number | null)[]; readonly failures: number };
}

/**
 * Generation 0: the held-out set is drawn and labeled, then the first batch is chosen. A pool that
 * leaves no first batch is refused before any oracle call (`NOTHING_TO_ACQUIRE`). Imported molecules
 * are never held out (that would score them again), and a call budget caps a batch the oracle labels.
 */
async function pickFirst(deps: ExploreDeps, input: ExploreInput, valid: readonly number[], exec: Exec) {
  const { imported } = deps;
  const test = heldOutSplit(deps.config, imported ? valid.filter((i) => !imported.has(i)) : valid);
  const chosen = firstBatch(deps.config, valid, test, deps.initial);
  const callsLeft = input.callsLeft ?? null;
  const picks =
    imported === undefined && callsLeft !== null ? chosen.slice(0, Math.max(0, callsLeft - test.length)) : chosen;
  if (picks.length === 0) {
    const counts = { molecules: deps.molecules, invalid: deps.molecules - valid.length, heldOut: test.length };
    throw nothingToAcquireError(deps.pool, counts);
  }
  if (test.length === 0) return { picks, predictMs: 0 };
  const t = await labelBatch(deps.oracle, test, exec);
  return { picks, predictMs: 0, heldOut: { test, labels: t.labels, failures: t.failures } };
}

/** The batch's labels: from the imported file for the first batch when it has scores, else the oracle's. */
async function labelPicks(deps: ExploreDeps, input: ExploreInput, picks: readonly number[], exec: Exec) {
  const { imported } = deps;
  if (input.generation === 0 && imported !== undefined) {
    return { labels: picks.map((i) => imported.get(i) ?? null), failures: 0, calls: 0, imported: picks.length };
  }
  const labeled = await labelBatch(deps.oracle, picks, exec);
  return { ...labeled, calls: picks.length, imported: 0 };
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
    input.labeled.length === 0
      ? await pickFirst(deps, input, valid, exec)
      : await acquireBatch(deps, input, valid, exec);
  const { picks, predictMs, heldOut } = picked;
  if (picked.ranking && deps.exports) {
    deps.exports.predictions(input.generation, topOfRanking(picked.ranking, picks, deps.config.campaign.export_top));
  }

  const to = clock.monotonic();
  const labeled = await labelPicks(deps, input, picks, exec);
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
    oracleCalls: (heldOut?.test.length ?? 0) + labeled.calls,
    oracleFailures: (heldOut?.failures ?? 0) + labeled.failures,
    ...(picked.predicted ? { predicted: picked.predicted, predictedStd: picked.predictedStd ?? [] } : {}),
    ...(labeled.imported > 0 ? { imported: labeled.imported } : {}),
    seconds,
  };
}
