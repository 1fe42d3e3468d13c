import type { TrainedModel } from '../../models/surrogate.js';
import type { Exec } from '../../pool/executor.js';
import { AlcoveError } from '../../shared/errors.js';
import type { StageDeps, StageFeatures } from './stage-deps.js';
import { trainingSet } from './training-set.js';

export type ModelDeps = Pick<StageDeps, 'config' | 'surrogate' | 'models' | 'events'>;

/** Which fit a stage needs: the train stage's generation, labeled set and the key it stored the model under. */
export interface ModelFit {
  readonly generation: number;
  readonly labeled: readonly number[];
  readonly labels: readonly (number | null)[];
  readonly modelKey: string;
}

/**
 * The model evaluate and explore predict with: the one the train stage stored under `modelKey`. A resume
 * can find its artifact missing or damaged (the model store removes a damaged one and says so): it is
 * trained again from the checkpoint's labeled set with the train stage's seed, so the campaign goes on as
 * an uninterrupted one would; that the key comes out the same proves it is the same fit. A warning says so,
 * in the output and the audit trail.
 */
export async function modelFor(deps: ModelDeps, exec: Exec, f: StageFeatures, fit: ModelFit): Promise<TrainedModel> {
  const { models, surrogate } = deps;
  if (models.has(fit.modelKey)) return models.get(fit.modelKey);
  const file = models.fileOf(fit.modelKey);
  const set = trainingSet(deps.config.seed, f, fit);
  const key = surrogate.modelKey(set);
  if (key !== fit.modelKey) {
    throw new AlcoveError(
      'BAD_CHECKPOINT',
      `model artifact ${file} is missing or damaged, and the checkpoint's labeled set of generation ` +
        `${fit.generation} gives another model (${key}): it cannot be trained again; start over with --fresh`,
    );
  }
  deps.events.emit('notice', {
    message:
      `warning: the model of generation ${fit.generation} (${file}) is missing or damaged; ` +
      "training it again from the checkpoint's labeled set",
  });
  const model = await surrogate.train(exec, set);
  models.put(key, model);
  return model;
}
