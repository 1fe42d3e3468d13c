import type { ExploreInput, ExploreOutput } from '../../machine/campaign-types.js';
import { acquireBatch } from './acquire-batch.js';
import { firstBatch } from './first-batch.js';
import { heldOutSplit } from './held-out-split.js';
import { validIndices } from './index-sets.js';
import type { BatchPredictions } from '../../oracles/oracle.js';
import { labelBatch, type Labeled } from './label-batch.js';
import { nothingToAcquireError } from './nothing-to-acquire.js';
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
  | 'pool'
>;

interface Picked {
  readonly picks: readonly number[];
  readonly predictMs: number;
  /** Generation 0 with a held-out set: the set, labeled in the same oracle call as the first batch. */
  readonly test?: readonly number[];
  readonly predicted?: BatchPredictions;
}

/**
 * Generation 0: the held-out set is drawn and the first batch is chosen. A pool that leaves no first
 * batch is refused before any oracle call (`NOTHING_TO_ACQUIRE`).
 */
function pickFirst(deps: ExploreDeps, valid: readonly number[]): Picked {
  const test = heldOutSplit(deps.config, valid);
  const picks = firstBatch(deps.config, valid, test, deps.initial);
  if (picks.length === 0) {
    const counts = { molecules: deps.molecules, invalid: deps.molecules - valid.length, heldOut: test.length };
    throw nothingToAcquireError(deps.pool, counts);
  }
  return test.length === 0 ? { picks, predictMs: 0 } : { picks, predictMs: 0, test };
}

/** The held-out set's labels and the batch's, from one oracle call over both (one fan-out, one lab batch). */
function splitLabels(labeled: Labeled, test: readonly number[]) {
  const t = labeled.labels.slice(0, test.length);
  const b = labeled.labels.slice(test.length);
  const failures = (ls: readonly (number | null)[]) => ls.filter((l) => l === null).length;
  return { testLabels: t, labels: b, testFailures: failures(t), failures: failures(b) };
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
    input.labeled.length === 0 ? pickFirst(deps, valid) : await acquireBatch(deps, input, valid, exec);
  const { picks, predictMs, predicted } = picked;
  const test = picked.test ?? [];

  const to = clock.monotonic();
  const labeled = await labelBatch(deps, [...test, ...picks], exec, test.length > 0 ? undefined : predicted);
  const oracleMs = clock.monotonic() - to;
  const seconds = (clock.monotonic() - t0) / 1000;
  const split = splitLabels(labeled, test);
  deps.events.emit('stage:end', {
    stage: 'explore',
    generation: input.generation,
    ms: seconds * 1000,
    detail: { acquired: picks.length, oracle_failures: split.failures, predict_ms: predictMs, oracle_ms: oracleMs },
  });
  if (labeled.waiting !== undefined) {
    return {
      generation: input.generation,
      acquired: picks,
      labels: [],
      oracleCalls: 0,
      oracleFailures: 0,
      seconds,
      waiting: labeled.waiting,
    };
  }
  return {
    generation: input.generation,
    acquired: picks,
    labels: split.labels,
    ...(picked.test ? { test: picked.test, testLabels: split.testLabels } : {}),
    oracleCalls: test.length + picks.length,
    oracleFailures: split.testFailures + split.failures,
    seconds,
  };
}
