/**
 * The network trained and queried on the worker pool, supervised. Training: one task per member (member m
 * depends only on the params and m), merged in member order, so the model is the same on any number of
 * threads. Prediction: row chunks, each predicted by the whole network on one worker (a row's prediction,
 * Monte-Carlo masks included, does not depend on the rows predicted with it), written back by position.
 */
import { mergeMlps } from '../engines/mlp/merge-mlps.js';
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { MlpParams, MlpPrediction, SerializedMlp } from '../shared/mlp-types.js';
import type { Exec } from '../pool/executor.js';
import type { SupervisedResult } from '../pool/supervisor.js';
import { pieces, rowsAt } from './forest-on-pool.js';
import type { TrainInjector } from './surrogate.js';

function firstFailure<R>(results: readonly SupervisedResult<R>[]): string {
  const f = results.flatMap((r) => r.failed)[0];
  return f === undefined ? 'no result' : `${f.class}: ${f.message}`;
}

export async function trainMlpOnPool(
  exec: Exec,
  X: FeatureMatrix,
  rows: Int32Array,
  y: Float64Array,
  params: MlpParams,
  inject?: TrainInjector,
): Promise<SerializedMlp> {
  const count = params.ensemble ?? 1;
  return exec.call('train', 'train', async (record) => {
    const results = await Promise.all(
      Array.from({ length: count }, (_, member) =>
        exec.supervise('train', 'train', [member], async (items, ctx) => {
          const injected = inject?.(items, ctx.attempt);
          const task = { type: 'train-mlp', X, rows, y, params, member } as const;
          const r = await exec.run('train', injected ? { ...task, inject: injected } : task, ctx.signal);
          record(r.stats);
          return { value: r.value.mlp, heapUsed: r.stats.heapUsed };
        }),
      ),
    );
    const parts = results.flatMap((r) => r.parts);
    // Every member counts: a network with a member missing would be another model than the key names.
    if (parts.length !== count) {
      const lost = count - parts.length;
      throw new AlcoveError(
        'TASK_FAILED',
        `training failed for ${lost} of ${count} networks: ${firstFailure(results)}`,
        {
          retryable: true,
        },
      );
    }
    parts.sort((a, b) => (a.items[0] ?? 0) - (b.items[0] ?? 0));
    return mergeMlps(parts.map((p) => p.value));
  });
}

export async function predictMlpOnPool(
  exec: Exec,
  stage: 'evaluate' | 'explore',
  mlp: SerializedMlp,
  X: FeatureMatrix,
  rows: Int32Array,
  mcPasses: number,
): Promise<MlpPrediction> {
  const mean = new Float64Array(rows.length);
  const std = new Float64Array(rows.length);
  if (rows.length === 0) return { mean, std };
  const threads = exec.threads(stage);
  return exec.call(stage, 'predict', async (record) => {
    const results = await Promise.all(
      pieces(rows.length, threads * 2).map((items) =>
        exec.supervise(stage, 'predict', items, async (positions, ctx) => {
          const task = { type: 'predict-mlp', mlp, X, rows: rowsAt(rows, positions), mcPasses } as const;
          const r = await exec.run(stage, task, ctx.signal);
          record(r.stats);
          return { value: r.value, heapUsed: r.stats.heapUsed };
        }),
      ),
    );
    if (results.some((r) => r.failed.length > 0)) {
      throw new AlcoveError('TASK_FAILED', `prediction failed: ${firstFailure(results)}`, { retryable: true });
    }
    for (const p of results.flatMap((r) => r.parts)) {
      p.items.forEach((pos, j) => {
        mean[pos] = p.value.mean[j] ?? Number.NaN;
        std[pos] = p.value.std[j] ?? Number.NaN;
      });
    }
    return { mean, std };
  });
}
