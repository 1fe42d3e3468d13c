/**
 * The pruned pool after a round (`acquisition.prune`): the one before, and the candidates whose chance of
 * beating the l-th best label is below the minimum (src/strategies/prune.ts), with the std calibrated to
 * the model's errors (and at least their RMS) and a floor of the most probable kept. Everything it reads is in the checkpoint or
 * recomputed from it (the model's predictions are seeded), so a re-run explore writes the same mask.
 */
import { batchSpecAt } from '../../config/batch-schedule.js';
import { resolveCount } from '../../config/campaign-schema.js';
import type { ExploreInput } from '../../machine/campaign-types.js';
import { orient } from '../../strategies/objective.js';
import { hitThreshold, pruneCandidates } from '../../strategies/prune.js';
import { errorRms, uncertaintyScale } from '../../strategies/prune-calibration.js';
import type { StageDeps } from './stage-deps.js';

export interface PruneRound {
  readonly candidates: Int32Array;
  /** Oriented means (higher is better), aligned with `candidates`. */
  readonly mean: Float64Array;
  readonly std: Float64Array;
  /** The campaign's top-k, l's default. */
  readonly topK: number;
  readonly picks: Int32Array;
  /** The valid molecules of the pool (what fractional batch sizes are resolved against). */
  readonly poolSize: number;
}

/** What a round's pruning did, for the explore stage's record (`stage:end` detail). */
export interface Pruning {
  readonly mask: Uint8Array;
  readonly pruned: number;
  readonly remaining: number;
  /** The l-th best label (oriented), null before there are l labels. */
  readonly threshold: number | null;
  /** The std's calibration factor, null when there was nothing to calibrate on (nothing pruned). */
  readonly scale: number | null;
  /** The least std after scaling (the errors' RMS at acquisition; 0 with `uncertainty: model`), null with no scale. */
  readonly minStd: number | null;
  readonly floor: number;
  readonly keptByFloor: number;
}

/**
 * Oracle calls the batches after `generation` may still make: their sizes up to `campaign.generations`,
 * capped by the call budget left once this batch is labeled.
 */
export function remainingBudget(
  config: StageDeps['config'],
  input: Pick<ExploreInput, 'generation' | 'callsLeft'>,
  batch: number,
  poolSize: number,
): number {
  let sum = 0;
  for (let g = input.generation + 1; g <= config.campaign.generations; g++) {
    sum += resolveCount(batchSpecAt(config.campaign, g), poolSize);
  }
  const callsLeft = input.callsLeft ?? null;
  return callsLeft === null ? sum : Math.min(sum, Math.max(0, callsLeft - batch));
}

/**
 * The std pruning uses: the model's own (`uncertainty: model`), or the model's scaled to its errors at
 * acquisition and never below their RMS (`calibrated`). The RMS bound is what a forest needs: its spread
 * is smallest where its trees agree for lack of data, in the parts of the pool it has not sampled, and
 * retraining moves those predictions by about the errors it made where it chose (bench/README.md, issue
 * 16). A model with no spread at all (a single network) gets that RMS for every molecule. `scale` null:
 * no labeled prediction at acquisition yet, so no honest probability and nothing pruned.
 */
function calibrationOf(
  config: StageDeps['config'],
  input: ExploreInput,
): { readonly scale: number | null; readonly minStd: number } {
  if (config.acquisition.prune?.uncertainty === 'model') return { scale: 1, minStd: 0 };
  const predicted = input.predicted ?? [];
  const rms = errorRms({ predicted, labels: input.labels });
  if (rms === null) return { scale: null, minStd: 0 };
  // Stds all 0 with errors made give no scale; the RMS bound then sets every std.
  const { scale } = uncertaintyScale({ predicted, predictedStd: input.predictedStd ?? [], labels: input.labels });
  return { scale: scale ?? 1, minStd: rms };
}

export function prunePool(
  config: StageDeps['config'],
  input: ExploreInput,
  round: PruneRound,
  before: Uint8Array,
): Pruning {
  const settings = config.acquisition.prune;
  const oriented = input.labels.flatMap((l) => (l === null ? [] : [orient(config, l)]));
  const found = hitThreshold(oriented, settings?.k ?? round.topK);
  const calibration = calibrationOf(config, input);
  // Without a calibration there is no honest probability yet: the threshold is withheld, nothing is pruned.
  const threshold = calibration.scale === null ? Number.NEGATIVE_INFINITY : found;
  const floor = Math.ceil((settings?.floor ?? 1) * remainingBudget(config, input, round.picks.length, round.poolSize));
  const decision = pruneCandidates({
    candidates: round.candidates,
    mean: round.mean,
    std: round.std,
    scale: calibration.scale ?? 1,
    minStd: calibration.minStd,
    threshold,
    minHitProbability: settings?.min_hit_probability ?? 0,
    picks: round.picks,
    floor,
  });
  const mask = before.slice();
  for (const i of decision.pruned) mask[i] = 1;
  return {
    mask,
    pruned: decision.pruned.length,
    remaining: decision.remaining,
    threshold: Number.isFinite(found) ? found : null,
    scale: calibration.scale,
    minStd: calibration.scale === null ? null : calibration.minStd,
    floor,
    keptByFloor: decision.keptByFloor,
  };
}

/**
 * A round's pruning in the explore stage's `stage:end` detail (the audit trail): how many remain and why;
 * the threshold and the scale are left out while there are none.
 */
export function pruneDetail(p: Pruning): Record<string, number> {
  return {
    pruned: p.pruned,
    pool_remaining: p.remaining,
    ...(p.threshold === null ? {} : { prune_threshold: p.threshold }),
    ...(p.scale === null ? {} : { prune_std_scale: p.scale }),
    ...(p.minStd === null ? {} : { prune_min_std: p.minStd }),
    prune_floor: p.floor,
    kept_by_floor: p.keptByFloor,
  };
}
