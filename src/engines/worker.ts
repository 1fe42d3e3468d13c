/**
 * The Piscina worker entry. Runs inside a worker thread: imports engines and shared code only.
 * Every reply is data (`WorkerReply`); an exception never crosses the thread boundary as a throw.
 */
import { toSerializedError } from '../shared/errors.js';
import type { WorkerReply, WorkerTask, WorkerTaskResult } from '../shared/tasks.js';
import { featurizeSmiles } from './featurize.js';
import { computeDesirability } from './desirability.js';
import { loadRdkit } from './rdkit.js';
import { trainBitForest } from './forest/train-bit-forest.js';
import { trainDenseForest } from './forest/train-dense-forest.js';
import { predictForest } from './forest/predict-forest.js';

async function execute(task: WorkerTask): Promise<WorkerTaskResult> {
  switch (task.type) {
    case 'featurize': {
      const rdkit = await loadRdkit();
      const result = featurizeSmiles(rdkit, task.smiles, task.spec);
      return { type: 'featurize', matrix: result.matrix, valid: result.valid, errors: result.errors };
    }
    case 'desirability': {
      const rdkit = await loadRdkit();
      const result = computeDesirability(rdkit, task.smiles);
      return { type: 'desirability', values: result.values, errors: result.errors };
    }
    case 'train': {
      const forest =
        task.X.kind === 'bits'
          ? trainBitForest(task.X, task.rows, task.y, task.params, task.firstTree)
          : trainDenseForest(task.X, task.rows, task.y, task.params, task.firstTree);
      return { type: 'train', forest };
    }
    case 'predict': {
      const p = predictForest(task.forest, task.X, task.rows);
      return { type: 'predict', mean: p.mean, std: p.std };
    }
  }
}

export default async function run(task: WorkerTask): Promise<WorkerReply<WorkerTaskResult>> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const stats = () => ({ startedAt, ms: performance.now() - t0, heapUsed: process.memoryUsage().heapUsed });
  try {
    const value = await execute(task);
    return { ok: true, value, stats: stats() };
  } catch (error) {
    return { ok: false, error: toSerializedError(error), stats: stats() };
  }
}
