/**
 * Training and prediction spread over the worker pool. Trees are seeded by their index
 * (`createRng(seed, 'tree', t)`), so a forest trained in pieces equals one trained whole: the split
 * over threads does not change results, only wall time.
 */
import type { FeatureMatrix } from '../shared/features.js';
import type { ForestParams, ForestPrediction, SerializedForest } from '../shared/forest-types.js';
import { mergeForests } from '../engines/forest/merge-forests.js';
import type { WorkerPool } from './worker-pool.js';

export async function trainOnPool(
  pool: WorkerPool,
  X: FeatureMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  signal?: AbortSignal,
): Promise<SerializedForest> {
  const pieces = Math.min(pool.threads, params.trees);
  const per = Math.ceil(params.trees / pieces);
  const jobs: Promise<SerializedForest>[] = [];
  for (let first = 0; first < params.trees; first += per) {
    const trees = Math.min(per, params.trees - first);
    jobs.push(
      pool
        .run({ type: 'train', X, rows, y, params: { ...params, trees }, firstTree: first }, signal ? { signal } : {})
        .then((r) => r.value.forest),
    );
  }
  return mergeForests(await Promise.all(jobs));
}

export async function predictOnPool(
  pool: WorkerPool,
  forest: SerializedForest,
  X: FeatureMatrix,
  rows: Int32Array,
  signal?: AbortSignal,
): Promise<ForestPrediction> {
  const mean = new Float64Array(rows.length);
  const std = new Float64Array(rows.length);
  if (rows.length === 0) return { mean, std };
  // A few chunks per thread keep both cores busy when one chunk is slower.
  const pieces = Math.min(rows.length, pool.threads * 2);
  const per = Math.ceil(rows.length / pieces);
  const jobs: Promise<void>[] = [];
  for (let s = 0; s < rows.length; s += per) {
    // slice, not subarray: cloning a view would copy its whole backing buffer to every worker.
    const part = rows.slice(s, Math.min(rows.length, s + per));
    jobs.push(
      pool.run({ type: 'predict', forest, X, rows: part }, signal ? { signal } : {}).then((r) => {
        mean.set(r.value.mean, s);
        std.set(r.value.std, s);
      }),
    );
  }
  await Promise.all(jobs);
  return { mean, std };
}
