import { resolveCount } from '../../config/campaign-schema.js';
import type { ExploreInput } from '../../machine/campaign-types.js';
import type { Exec } from '../../pool/executor.js';
import { AlcoveError } from '../../shared/errors.js';
import { createRng } from '../../shared/rng.js';
import { acquire } from '../../strategies/acquisition.js';
import { orient } from '../../strategies/objective.js';
import { setOf } from './index-sets.js';
import type { StageDeps } from './stage-deps.js';

export type AcquireDeps = Pick<StageDeps, 'config' | 'clock' | 'features' | 'models'>;

/**
 * A later generation's batch: the acquisition strategy over the valid molecules that are neither
 * labeled nor held out, scored by the model of the last round (`random` needs no model).
 */
export async function acquireBatch(
  deps: AcquireDeps,
  input: ExploreInput,
  valid: readonly number[],
  exec: Exec,
): Promise<{ picks: number[]; predictMs: number }> {
  const { config, clock } = deps;
  if (input.modelKey === null) throw new AlcoveError('INTERNAL', 'explore after the first batch needs a model');
  const taken = setOf(input.labeled, input.test);
  const candidates = Int32Array.from(valid.filter((i) => !taken.has(i)));
  const batch = Math.min(candidates.length, resolveCount(config.campaign.batch, valid.length));
  const strategy = config.acquisition.strategy;
  let mean: Float64Array | undefined;
  let std: Float64Array | undefined;
  let predictMs = 0;
  if (strategy !== 'random') {
    const f = await deps.features.load(exec);
    const tp = clock.monotonic();
    const model = deps.models.get(input.modelKey);
    const p = await model.predict(exec, 'explore', f.matrix, candidates);
    predictMs = clock.monotonic() - tp;
    mean = p.mean.map((v) => orient(config, v));
    std = p.std;
  }
  let best = Number.NEGATIVE_INFINITY;
  for (const l of input.labels) if (l !== null) best = Math.max(best, orient(config, l));
  const picks = acquire(
    strategy,
    {
      candidates,
      ...(mean ? { mean } : {}),
      ...(std ? { std } : {}),
      best,
      batch,
      beta: config.acquisition.beta,
      xi: config.acquisition.xi,
    },
    createRng(config.seed, 'acquire', input.generation),
  );
  return { picks: Array.from(picks), predictMs };
}
