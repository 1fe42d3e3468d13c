/**
 * Training and prediction spread over the worker pool, supervised. Trees are seeded by their index
 * (`createRng(seed, 'tree', t)`), so a forest trained in pieces equals one trained whole: the split over
 * threads, or a retry that halves a piece, changes only wall time, never the model.
 */
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ForestParams, ForestPrediction, SerializedForest } from '../shared/forest-types.js';
import { mergeForests, shareForest } from '../engines/forest/merge-forests.js';
import type { Exec } from '../pool/executor.js';
import { range, type SupervisedResult } from '../pool/supervisor.js';
import type { TrainInjector } from './surrogate.js';

/** Split `n` items into `pieces` contiguous runs. */
export function pieces(n: number, count: number): number[][] {
  const k = Math.max(1, Math.min(n, count));
  const per = Math.ceil(n / k);
  const out: number[][] = [];
  for (let s = 0; s < n; s += per) out.push(range(s, Math.min(n, s + per)));
  return out;
}

/**
 * `rows` at `positions`, as a fresh array (cloning a subarray would copy its whole backing buffer to the
 * worker). Pieces and their retried halves are contiguous runs: a slice (a memcpy) instead of a mapped
 * copy, which cost 0.7-4 ms per 12k rows on the main thread while the workers waited for their first task.
 */
export function rowsAt(rows: Int32Array, positions: readonly number[]): Int32Array {
  const first = positions[0];
  if (first !== undefined && isRun(positions)) return rows.slice(first, first + positions.length);
  return Int32Array.from(positions, (p) => rows[p] ?? 0);
}

/** Whether `positions` is first, first + 1, … (a piece or a retried half of one). */
export function isRun(positions: readonly number[]): boolean {
  const first = positions[0];
  if (first === undefined) return true;
  if (positions[positions.length - 1] !== first + positions.length - 1) return false;
  for (let j = 1; j < positions.length; j++) if (positions[j] !== first + j) return false;
  return true;
}

function describeFailures<R>(results: readonly SupervisedResult<R>[]): string {
  const f = results.flatMap((r) => r.failed);
  return f
    .map((x) => `${x.items.length} items: ${x.class}: ${x.message}`)
    .slice(0, 3)
    .join('; ');
}

export async function trainOnPool(
  exec: Exec,
  X: FeatureMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  inject?: TrainInjector,
): Promise<SerializedForest> {
  const threads = exec.threads('train');
  return exec.call('train', 'train', async (record) => {
    const results = await Promise.all(
      pieces(params.trees, threads).map((items) =>
        exec.supervise('train', 'train', items, async (trees, ctx) => {
          const injected = inject?.(trees, ctx.attempt);
          const r = await exec.run(
            'train',
            {
              type: 'train',
              X,
              rows,
              y,
              params: { ...params, trees: trees.length },
              firstTree: trees[0] ?? 0,
              ...(injected ? { inject: injected } : {}),
            },
            ctx.signal,
          );
          record(r.stats);
          return { value: r.value.forest, heapUsed: r.stats.heapUsed };
        }),
      ),
    );
    const parts = results.flatMap((r) => r.parts).sort((a, b) => (a.items[0] ?? 0) - (b.items[0] ?? 0));
    const trained = parts.reduce((n, p) => n + p.items.length, 0);
    const lost = params.trees - trained;
    if (trained === 0 || lost / params.trees > exec.maxFailureRate) {
      throw new AlcoveError(
        'TASK_FAILED',
        `training failed for ${lost} of ${params.trees} trees: ${describeFailures(results)}`,
        { retryable: true },
      );
    }
    return mergeForests(parts.map((p) => p.value));
  });
}

export async function predictOnPool(
  exec: Exec,
  stage: 'evaluate' | 'explore',
  forest: SerializedForest,
  X: FeatureMatrix,
  rows: Int32Array,
): Promise<ForestPrediction> {
  const mean = new Float64Array(rows.length);
  const std = new Float64Array(rows.length);
  if (rows.length === 0) return { mean, std };
  const threads = exec.threads(stage);
  return exec.call(stage, 'predict', async (record) => {
    const sharedForest = shareForest(forest);
    // A few pieces per thread keep both cores busy when one piece is slower.
    const results = await Promise.all(
      pieces(rows.length, threads * 2).map((items) =>
        exec.supervise(stage, 'predict', items, async (positions, ctx) => {
          const part = rowsAt(rows, positions);
          const r = await exec.run(stage, { type: 'predict', forest: sharedForest, X, rows: part }, ctx.signal);
          record(r.stats);
          return { value: r.value, heapUsed: r.stats.heapUsed };
        }),
      ),
    );
    if (results.some((r) => r.failed.length > 0)) {
      throw new AlcoveError('TASK_FAILED', `prediction failed: ${describeFailures(results)}`, { retryable: true });
    }
    for (const r of results) {
      for (const p of r.parts) {
        const first = p.items[0] ?? 0;
        if (isRun(p.items) && p.value.mean.length === p.items.length && p.value.std.length === p.items.length) {
          // A contiguous piece (always, short of a retry that dropped items): two memcpys.
          mean.set(p.value.mean, first);
          std.set(p.value.std, first);
          continue;
        }
        p.items.forEach((pos, j) => {
          mean[pos] = p.value.mean[j] ?? Number.NaN;
          std[pos] = p.value.std[j] ?? Number.NaN;
        });
      }
    }
    return { mean, std };
  });
}
