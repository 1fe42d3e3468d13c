/**
 * Training and prediction spread over the worker pool, supervised. Trees are seeded by their index
 * (`createRng(seed, 'tree', t)`), so a forest trained in pieces equals one trained whole: the split over
 * threads, or a retry that halves a piece, changes only wall time, never the model.
 */
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { ForestParams, ForestPrediction, SerializedForest } from '../shared/forest-types.js';
import type { InjectedFailure } from '../shared/tasks.js';
import { mergeForests } from '../engines/forest/merge-forests.js';
import { superviseIn, type Exec } from './exec-context.js';
import { range, type SupervisedResult } from './supervisor.js';

/** Split `n` items into `pieces` contiguous runs. */
function pieces(n: number, count: number): number[][] {
  const k = Math.max(1, Math.min(n, count));
  const per = Math.ceil(n / k);
  const out: number[][] = [];
  for (let s = 0; s < n; s += per) out.push(range(s, Math.min(n, s + per)));
  return out;
}

function describeFailures<R>(results: readonly SupervisedResult<R>[]): string {
  const f = results.flatMap((r) => r.failed);
  return f.map((x) => `${x.items.length} items: ${x.class}: ${x.message}`).slice(0, 3).join('; ');
}

export type TrainInjector = (trees: readonly number[], attempt: number) => InjectedFailure | undefined;

export async function trainOnPool(
  exec: Exec,
  X: FeatureMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: ForestParams,
  inject?: TrainInjector,
): Promise<SerializedForest> {
  const pool = exec.pools.forStage('train');
  const results = await Promise.all(
    pieces(params.trees, pool.threads).map((items) =>
      superviseIn(exec, 'train', 'train', items, async (trees, ctx) => {
        const injected = inject?.(trees, ctx.attempt);
        const r = await pool.run(
          {
            type: 'train',
            X,
            rows,
            y,
            params: { ...params, trees: trees.length },
            firstTree: trees[0] ?? 0,
            ...(injected ? { inject: injected } : {}),
          },
          { signal: ctx.signal },
        );
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
  const pool = exec.pools.forStage(stage);
  // A few pieces per thread keep both cores busy when one piece is slower.
  const results = await Promise.all(
    pieces(rows.length, pool.threads * 2).map((items) =>
      superviseIn(exec, stage, 'predict', items, async (positions, ctx) => {
        // A fresh array, not a subarray: cloning a view would copy its whole backing buffer to the worker.
        const part = Int32Array.from(positions, (p) => rows[p] ?? 0);
        const r = await pool.run({ type: 'predict', forest, X, rows: part }, { signal: ctx.signal });
        return { value: r.value, heapUsed: r.stats.heapUsed };
      }),
    ),
  );
  if (results.some((r) => r.failed.length > 0)) {
    throw new AlcoveError('TASK_FAILED', `prediction failed: ${describeFailures(results)}`, { retryable: true });
  }
  for (const r of results) {
    for (const p of r.parts) {
      p.items.forEach((pos, j) => {
        mean[pos] = p.value.mean[j] ?? Number.NaN;
        std[pos] = p.value.std[j] ?? Number.NaN;
      });
    }
  }
  return { mean, std };
}
