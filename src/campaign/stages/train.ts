import type { TrainInput, TrainOutput } from '../../machine/campaign-types.js';
import type { TrainInjector } from '../../models/surrogate.js';
import { AlcoveError } from '../../shared/errors.js';
import type { StageDeps } from './stage-deps.js';
import { trainingSet } from './training-set.js';

export { trainSeed } from './training-set.js';

export type TrainDeps = Pick<
  StageDeps,
  'config' | 'surrogate' | 'models' | 'executor' | 'features' | 'clock' | 'events' | 'injectTrain'
>;

/**
 * Trains the surrogate on the labeled molecules (failed oracle calls left out), or finds the model a
 * run before a restore trained on the same set (content-addressed by `Surrogate.modelKey`).
 */
export async function train(deps: TrainDeps, input: TrainInput, signal: AbortSignal): Promise<TrainOutput> {
  deps.events.emit('stage:start', { stage: 'train', generation: input.generation });
  const { config, clock, surrogate } = deps;
  const t0 = clock.monotonic();
  const exec = deps.executor.context(input.generation, signal);
  const f = await deps.features.load(exec);
  const set = trainingSet(config.seed, f, input);
  const { rows } = set;
  if (rows.length === 0) {
    throw new AlcoveError('ORACLE_FAILED', `no labeled molecules to train on in generation ${input.generation}`);
  }
  const emit = (detail: Record<string, number | string>) => {
    const seconds = (clock.monotonic() - t0) / 1000;
    deps.events.emit('stage:end', { stage: 'train', generation: input.generation, ms: seconds * 1000, detail });
    return seconds;
  };
  // The budget's last round with no held-out set: nothing will read this model (the screening metrics
  // need none, and there is no next acquisition), so it is not trained.
  if (input.generation >= config.campaign.generations && config.campaign.test_fraction === 0) {
    const seconds = emit({ rows: rows.length, trees: 0, model: 'not needed', train_ms: 0 });
    return { modelKey: `none:${input.generation}`, seconds };
  }
  const modelKey = surrogate.modelKey(set);
  let reused = true;
  let trainMs = 0;
  if (!deps.models.has(modelKey)) {
    reused = false;
    const inject = deps.injectTrain;
    const injector: TrainInjector | undefined =
      inject && ((items, attempt) => inject(input.generation, items, attempt));
    const tt = clock.monotonic();
    const model = await surrogate.train(exec, set, injector);
    trainMs = clock.monotonic() - tt;
    deps.models.put(modelKey, model);
  }
  const seconds = emit({
    rows: rows.length,
    trees: surrogate.members,
    model: reused ? 'reused' : 'trained',
    train_ms: trainMs,
  });
  return { modelKey, seconds };
}
