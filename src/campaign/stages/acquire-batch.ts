import { batchSpecAt } from '../../config/batch-schedule.js';
import { resolveCount, resolveTopK } from '../../config/campaign-schema.js';
import type { ExploreInput } from '../../machine/campaign-types.js';
import type { Exec } from '../../pool/executor.js';
import { AlcoveError } from '../../shared/errors.js';
import { createRng } from '../../shared/rng.js';
import { acquire, acquisitionScores } from '../../strategies/acquisition.js';
import type { AcquisitionInput } from '../../strategies/acquisition-types.js';
import { acquisitionParams } from '../../strategies/acquisition-params.js';
import { orient } from '../../strategies/objective.js';
import { setOf } from './index-sets.js';
import { prunePool, type Pruning } from './prune-pool.js';
import type { StageDeps } from './stage-deps.js';
import { modelFor } from './stage-model.js';

export type AcquireDeps = Pick<StageDeps, 'config' | 'clock' | 'features' | 'models' | 'surrogate' | 'events'> &
  Partial<Pick<StageDeps, 'molecules' | 'prune'>>;

/** What the model said of the candidates (label units), for the batch's record and the predictions export. */
export interface Ranking {
  readonly candidates: Int32Array;
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** The acquisition score of each candidate (higher is chosen first), computed only when exported. */
  readonly scores: () => Float64Array;
}

export interface AcquiredBatch {
  readonly picks: number[];
  readonly predictMs: number;
  /** Aligned with `picks`; absent when the model was not consulted (random, epsilon 1). */
  readonly predicted?: (number | null)[];
  readonly predictedStd?: (number | null)[];
  readonly ranking?: Ranking;
  /** With `acquisition.prune`: what this round pruned, and what is left for the later rounds. */
  readonly pruning?: Pruning;
}

/**
 * Each pick's predicted mean and std (label units), from the candidates' predictions. Candidates are
 * ascending, so each pick is found by binary search: no map over a pool of millions.
 */
function predictionsOf(picks: Int32Array, candidates: Int32Array, mean: Float64Array, std: Float64Array) {
  const predicted: (number | null)[] = [];
  const predictedStd: (number | null)[] = [];
  for (const i of picks) {
    let lo = 0;
    let hi = candidates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((candidates[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    const found = candidates[lo] === i;
    predicted.push(found ? (mean[lo] as number) : null);
    predictedStd.push(found ? (std[lo] as number) : null);
  }
  return { predicted, predictedStd };
}

/**
 * A later generation's batch: the acquisition strategy over the valid molecules that are neither
 * labeled nor held out, scored by the model of the last round (`random` and epsilon 1 need no model).
 * Its size is the generation's entry of `campaign.batch`, and never more than the calls left in the budget.
 */
export async function acquireBatch(
  deps: AcquireDeps,
  input: ExploreInput,
  valid: readonly number[],
  exec: Exec,
): Promise<AcquiredBatch> {
  const { config, clock } = deps;
  if (input.modelKey === null) throw new AlcoveError('INTERNAL', 'explore after the first batch needs a model');
  const taken = setOf(input.labeled, input.test);
  const pruneStore = config.acquisition.prune === null ? undefined : deps.prune;
  const pruned = pruneStore?.before(input.generation, deps.molecules ?? 0);
  const candidates = Int32Array.from(valid.filter((i) => !taken.has(i) && pruned?.[i] !== 1));
  const size = resolveCount(batchSpecAt(config.campaign, input.generation), valid.length);
  const batch = Math.min(candidates.length, size, input.callsLeft ?? size);
  const strategy = config.acquisition.strategy;
  let raw: { mean: Float64Array; std: Float64Array } | undefined;
  let predictMs = 0;
  // At epsilon 1 the whole batch is random and the model is not consulted.
  if (strategy !== 'random' && config.acquisition.epsilon < 1) {
    const f = await deps.features.load(exec);
    const tp = clock.monotonic();
    // The last round's model, trained at the generation before this batch (again, if a resume found it damaged).
    const { labeled, labels, modelKey } = input;
    const model = await modelFor(deps, exec, f, { generation: input.generation - 1, labeled, labels, modelKey });
    raw = await model.predict(exec, 'explore', f.matrix, candidates);
    predictMs = clock.monotonic() - tp;
  }
  // The incumbent's default k is the top-k the evaluate stage scores against.
  const topK = resolveTopK(config, valid.length - input.test.length);
  const acquisition: AcquisitionInput = {
    candidates,
    ...(raw ? { mean: raw.mean.map((v) => orient(config, v)), std: raw.std } : {}),
    batch,
    ...acquisitionParams(config, input.labels, topK),
  };
  const rng = () => createRng(config.seed, 'acquire', input.generation);
  const picks = acquire(strategy, acquisition, rng());
  if (raw === undefined) return { picks: Array.from(picks), predictMs };
  const { mean, std } = raw;
  const round = { candidates, mean: acquisition.mean ?? mean, std, topK, picks, poolSize: valid.length };
  const pruning = pruneStore && pruned ? prunePool(config, input, round, pruned) : undefined;
  if (pruneStore && pruning) pruneStore.save(input.generation, pruning.mask);
  return {
    picks: Array.from(picks),
    predictMs,
    ...(pruning ? { pruning } : {}),
    ...predictionsOf(picks, candidates, mean, std),
    // The same seeded draws as `acquire` took, so the export ranks as the batch was chosen.
    ranking: { candidates, mean, std, scores: () => acquisitionScores(strategy, acquisition, rng()) },
  };
}
