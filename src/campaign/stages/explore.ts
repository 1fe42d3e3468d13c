import type { ExploreInput, ExploreOutput } from '../../machine/campaign-types.js';
import type { BatchPredictions } from '../../oracles/oracle.js';
import type { Exec } from '../../pool/executor.js';
import { acquireBatch, type AcquiredBatch } from './acquire-batch.js';
import { topOfRanking } from './export-ranking.js';
import { firstBatch } from './first-batch.js';
import { heldOutSplit } from './held-out-split.js';
import { validIndices } from './index-sets.js';
import { labelBatch, type Labeled } from './label-batch.js';
import { nothingToAcquireError } from './nothing-to-acquire.js';
import { pruneDetail } from './prune-pool.js';
import type { StageDeps } from './stage-deps.js';

export type ExploreDeps = Pick<
  StageDeps,
  | 'config'
  | 'molecules'
  | 'oracle'
  | 'journal'
  | 'ids'
  | 'executor'
  | 'features'
  | 'models'
  | 'surrogate'
  | 'clock'
  | 'events'
  | 'initial'
  | 'imported'
  | 'exports'
  | 'pool'
  | 'prune'
>;

interface Picked extends AcquiredBatch {
  /** Generation 0 with a held-out set: the set, labeled in the same oracle call as the first batch. */
  readonly test?: readonly number[];
}

/**
 * Generation 0: the held-out set is drawn and the first batch is chosen. A pool that leaves no first
 * batch is refused before any oracle call (`NOTHING_TO_ACQUIRE`). Imported molecules are never held out
 * (that would score them again), and a call budget caps a batch the oracle labels.
 */
function pickFirst(deps: ExploreDeps, input: ExploreInput, valid: readonly number[]): Picked {
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
  return test.length === 0 ? { picks, predictMs: 0 } : { picks, predictMs: 0, test };
}

interface BatchLabels extends Labeled {
  readonly testLabels: (number | null)[];
  readonly testFailures: number;
  /** Oracle calls for the batch itself (imported labels are not calls). */
  readonly calls: number;
  readonly imported: number;
}

const failuresOf = (ls: readonly (number | null)[]) => ls.filter((l) => l === null).length;

/** The acquisition's predictions in the oracle's form (a laboratory's batch file shows them). */
function batchPredictions(picked: Picked): BatchPredictions | undefined {
  if (picked.predicted === undefined) return undefined;
  const num = (v: number | null) => v ?? Number.NaN;
  return { mean: picked.predicted.map(num), std: (picked.predictedStd ?? []).map(num) };
}

/**
 * The held-out set's labels and the batch's. The oracle labels both in one call (one fan-out, one lab
 * batch); a first batch with imported scores takes them from the file and asks the oracle for the
 * held-out set only.
 */
async function labelPicks(deps: ExploreDeps, input: ExploreInput, picked: Picked, exec: Exec): Promise<BatchLabels> {
  const { imported } = deps;
  const test = picked.test ?? [];
  const { picks } = picked;
  if (input.generation === 0 && imported !== undefined) {
    const t = test.length > 0 ? await labelBatch(deps, test, exec) : { labels: [], failures: 0 };
    const labels = picks.map((i) => imported.get(i) ?? null);
    return {
      ...(t.waiting === undefined ? {} : { waiting: t.waiting }),
      labels,
      failures: failuresOf(labels),
      testLabels: t.labels,
      testFailures: t.failures,
      calls: 0,
      imported: picks.length,
    };
  }
  const predicted = test.length > 0 ? undefined : batchPredictions(picked);
  const labeled = await labelBatch(deps, [...test, ...picks], exec, predicted);
  const testLabels = labeled.labels.slice(0, test.length);
  const labels = labeled.labels.slice(test.length);
  return {
    ...(labeled.waiting === undefined ? {} : { waiting: labeled.waiting }),
    labels,
    failures: failuresOf(labels),
    testLabels,
    testFailures: failuresOf(testLabels),
    calls: picks.length,
    imported: 0,
  };
}

/**
 * Chooses the generation's batch and labels it with the oracle. Generation 0 (nothing labeled yet)
 * also draws the held-out set and labels it with the batch; the held-out calls count as oracle calls.
 * An oracle still waiting for a laboratory gives an output that says so and labels nothing.
 */
export async function explore(deps: ExploreDeps, input: ExploreInput, signal: AbortSignal): Promise<ExploreOutput> {
  deps.events.emit('stage:start', { stage: 'explore', generation: input.generation });
  const { clock } = deps;
  const t0 = clock.monotonic();
  const exec = deps.executor.context(input.generation, signal);
  const valid = validIndices(deps.molecules, input.invalid);
  const picked: Picked =
    input.labeled.length === 0 ? pickFirst(deps, input, valid) : await acquireBatch(deps, input, valid, exec);
  const { picks, predictMs } = picked;
  if (picked.ranking && deps.exports) {
    deps.exports.predictions(input.generation, topOfRanking(picked.ranking, picks, deps.config.campaign.export_top));
  }

  const to = clock.monotonic();
  const labeled = await labelPicks(deps, input, picked, exec);
  const oracleMs = clock.monotonic() - to;
  const seconds = (clock.monotonic() - t0) / 1000;
  deps.events.emit('stage:end', {
    stage: 'explore',
    generation: input.generation,
    ms: seconds * 1000,
    detail: {
      acquired: picks.length,
      oracle_failures: labeled.failures,
      predict_ms: predictMs,
      oracle_ms: oracleMs,
      ...(picked.pruning ? pruneDetail(picked.pruning) : {}),
    },
  });
  const base = { generation: input.generation, acquired: picks, seconds };
  if (labeled.waiting !== undefined) {
    return { ...base, labels: [], oracleCalls: 0, oracleFailures: 0, waiting: labeled.waiting };
  }
  return {
    ...base,
    labels: labeled.labels,
    ...(picked.test ? { test: [...picked.test], testLabels: labeled.testLabels } : {}),
    oracleCalls: (picked.test?.length ?? 0) + labeled.calls,
    oracleFailures: labeled.testFailures + labeled.failures,
    ...(picked.predicted ? { predicted: picked.predicted, predictedStd: picked.predictedStd ?? [] } : {}),
    ...(labeled.imported > 0 ? { imported: labeled.imported } : {}),
  };
}
