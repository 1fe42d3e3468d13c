/**
 * The Piscina worker entry. Runs inside a worker thread: imports engines and shared code only.
 * Every reply is data (`WorkerReply`); an exception never crosses the thread boundary as a throw.
 */
import { workerData } from 'node:worker_threads';
import { AlcoveError, toSerializedError } from '../shared/errors.js';
import { threadCpuMsSince, threadCpuNs } from '../shared/thread-cpu.js';
import type { InjectedFailure, TaskStats, WorkerReply, WorkerTask, WorkerTaskResult } from '../shared/tasks.js';
import { featurizeSmiles } from './featurize.js';
import { computeDesirability } from './desirability.js';
import { loadRdkit } from './rdkit.js';
import { trainBitForest } from './forest/train-bit-forest.js';
import { predictForest } from './forest/predict-forest.js';
import { trainCartDenseForest } from './forest/train-cart-dense-forest.js';
import { trainDenseForest } from './forest/train-dense-forest.js';
import { predictMlp } from './mlp/predict-mlp.js';
import { helpTrainMlp, trainMlp } from './mlp/train-mlp.js';

/** Carry out an injected failure for real: the pool's limits must catch it like any other. */
function injectFailure(inject: InjectedFailure | undefined): void {
  if (inject === undefined) return;
  if (inject.badItems !== undefined && inject.badItems.length > 0) {
    throw new AlcoveError('BAD_INPUT', `malformed molecules at positions ${inject.badItems.join(', ')} (injected)`, {
      details: { items: inject.badItems },
    });
  }
  if (inject.hangMs !== undefined) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, inject.hangMs);
  }
  if (inject.oom === true) {
    const hog: number[][] = [];
    for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
  }
}

async function execute(task: WorkerTask): Promise<WorkerTaskResult> {
  if (task.type === 'featurize' || task.type === 'train' || task.type === 'train-mlp') injectFailure(task.inject);
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
      // Dense features train with the presorted CART unless the params ask for ml-random-forest.
      const trainDense = task.params.denseEngine === 'ml-random-forest' ? trainDenseForest : trainCartDenseForest;
      const forest =
        task.X.kind === 'bits'
          ? trainBitForest(task.X, task.rows, task.y, task.params, task.firstTree)
          : trainDense(task.X, task.rows, task.y, task.params, task.firstTree);
      return { type: 'train', forest };
    }
    case 'predict': {
      const p = predictForest(task.forest, task.X, task.rows);
      return { type: 'predict', mean: p.mean, std: p.std };
    }
    case 'train-mlp': {
      const params = { ...task.params, ensemble: 1 };
      const mlp = trainMlp(task.X, task.rows, task.y, params, task.member, task.team, task.epochCounter);
      return { type: 'train-mlp', mlp };
    }
    case 'help-train-mlp': {
      const shards = helpTrainMlp(task.X, task.rows, task.y, { ...task.params, ensemble: 1 }, task.team);
      return { type: 'help-train-mlp', shards };
    }
    case 'predict-mlp': {
      const p = predictMlp(task.mlp, task.X, task.rows, { mcPasses: task.mcPasses });
      return { type: 'predict-mlp', mean: p.mean, std: p.std };
    }
  }
}

async function run(task: WorkerTask): Promise<WorkerReply<WorkerTaskResult>> {
  // The process-wide high-resolution epoch (as `epochNow` on the main thread): dispatch metering
  // compares these spans with the main thread's call windows.
  const t0 = performance.now();
  const startedAt = performance.timeOrigin + t0;
  const cpu0 = threadCpuNs();
  // The warm-up is engine work too: the first reply carries its span (see `warmup` below).
  const warmup = pendingWarmup;
  pendingWarmup = undefined;
  const stats = () => ({
    startedAt,
    ms: performance.now() - t0,
    heapUsed: process.memoryUsage().heapUsed,
    cpuMs: threadCpuMsSince(cpu0),
    ...(warmup === undefined ? {} : { warmup }),
  });
  try {
    const value = await execute(task);
    return { ok: true, value, stats: stats() };
  } catch (error) {
    return { ok: false, error: toSerializedError(error), stats: stats() };
  }
}

/**
 * A pool that will featurize asks its workers to load RDKit's WebAssembly as they boot, while the main
 * thread is still loading the dataset. The module exports a promise of the handler (Piscina's documented
 * "delaying availability of workers"): a worker reports ready only once RDKit is loaded. Left running in the
 * background instead, the load would stall: a ready Piscina worker blocks in Atomics.wait until its first
 * task. A failed load is not reported here: the task that needs RDKit loads it again and reports the error.
 */
const warm: unknown = (workerData as { warm?: unknown } | null | undefined)?.warm;
let pendingWarmup: TaskStats['warmup'];
async function warmUp(): Promise<typeof run> {
  const t0 = performance.now();
  await loadRdkit().catch(() => undefined);
  pendingWarmup = { startedAt: performance.timeOrigin + t0, ms: performance.now() - t0 };
  return run;
}
const handler: Promise<typeof run> = Array.isArray(warm) && warm.includes('rdkit') ? warmUp() : Promise.resolve(run);
export default handler;

/** The same handler called in this thread, without a pool: `alcove task` runs an engine task so. */
export { run as runWorkerTask };
