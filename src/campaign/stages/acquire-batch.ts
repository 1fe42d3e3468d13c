import { resolveCount, resolveTopK } from '../../config/campaign-schema.js';
import type { ExploreInput } from '../../machine/campaign-types.js';
import type { BatchPredictions } from '../../oracles/oracle.js';
import type { Exec } from '../../pool/executor.js';
import { AlcoveError } from '../../shared/errors.js';
import { createRng } from '../../shared/rng.js';
import { acquire } from '../../strategies/acquisition.js';
import { acquisitionParams } from '../../strategies/acquisition-params.js';
import { orient } from '../../strategies/objective.js';
import { setOf } from './index-sets.js';
import type { StageDeps } from './stage-deps.js';
import { modelFor } from './stage-model.js';

export type AcquireDeps = Pick<StageDeps, 'config' | 'clock' | 'features' | 'models' | 'surrogate' | 'events'>;

/**
 * A later generation's batch: the acquisition strategy over the valid molecules that are neither
 * labeled nor held out, scored by the model of the last round (`random` and epsilon 1 need no model).
 */
export async function acquireBatch(
  deps: AcquireDeps,
  input: ExploreInput,
  valid: readonly number[],
  exec: Exec,
): Promise<{ picks: number[]; predictMs: number; predicted?: BatchPredictions }> {
  const { config, clock } = deps;
  if (input.modelKey === null) throw new AlcoveError('INTERNAL', 'explore after the first batch needs a model');
  const taken = setOf(input.labeled, input.test);
  const candidates = Int32Array.from(valid.filter((i) => !taken.has(i)));
  const batch = Math.min(candidates.length, resolveCount(config.campaign.batch, valid.length));
  const strategy = config.acquisition.strategy;
  let mean: Float64Array | undefined;
  let std: Float64Array | undefined;
  let raw: Float64Array | undefined;
  let predictMs = 0;
  // At epsilon 1 the whole batch is random and the model is not consulted.
  if (strategy !== 'random' && config.acquisition.epsilon < 1) {
    const f = await deps.features.load(exec);
    const tp = clock.monotonic();
    // The last round's model, trained at the generation before this batch (again, if a resume found it damaged).
    const { labeled, labels, modelKey } = input;
    const model = await modelFor(deps, exec, f, { generation: input.generation - 1, labeled, labels, modelKey });
    const p = await model.predict(exec, 'explore', f.matrix, candidates);
    predictMs = clock.monotonic() - tp;
    raw = p.mean;
    mean = p.mean.map((v) => orient(config, v));
    std = p.std;
  }
  // The incumbent's default k is the top-k the evaluate stage scores against.
  const topK = resolveTopK(config, valid.length - input.test.length);
  const picks = acquire(
    strategy,
    {
      candidates,
      ...(mean ? { mean } : {}),
      ...(std ? { std } : {}),
      batch,
      ...acquisitionParams(config, input.labels, topK),
    },
    createRng(config.seed, 'acquire', input.generation),
  );
  return { picks: Array.from(picks), predictMs, ...predictionsOf(picks, candidates, raw, std) };
}

/** The model's mean (in the label's own direction) and uncertainty for each pick, when a model was asked. */
function predictionsOf(
  picks: ArrayLike<number>,
  candidates: Int32Array,
  mean: Float64Array | undefined,
  std: Float64Array | undefined,
): { predicted?: BatchPredictions } {
  if (mean === undefined || std === undefined) return {};
  const at = new Map<number, number>();
  candidates.forEach((c, j) => at.set(c, j));
  const of = (values: Float64Array) => Array.from(picks, (i) => values[at.get(i) ?? -1] ?? Number.NaN);
  return { predicted: { mean: of(mean), std: of(std) } };
}
