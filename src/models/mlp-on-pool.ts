/**
 * The network trained and queried on the worker pool, supervised. Training: one task per member (member m
 * depends only on the params and m), merged in member order, so the model is the same on any number of
 * threads. A single network without dropout on more than one thread gets helpers: `help-train-mlp` tasks on
 * the other workers that compute shards of each of its steps (src/engines/mlp/shard-team.ts; the weights do
 * not depend on them). Prediction: row chunks, each predicted by the whole network on one worker (a row's prediction,
 * Monte-Carlo masks included, does not depend on the rows predicted with it), written back by position.
 * Where the executor counts steps, every member's task gets the call's step counter and stores its epochs there
 * (the progress line's "epochs k/K"; the weights do not depend on it).
 */
import { mergeMlps } from '../engines/mlp/merge-mlps.js';
import { createTeamBuffer, markHelperGone, stopTeam, teamControl } from '../engines/mlp/shard-team.js';
import { AlcoveError } from '../shared/errors.js';
import type { FeatureMatrix } from '../shared/features.js';
import type { MlpParams, MlpPrediction, SerializedMlp } from '../shared/mlp-types.js';
import type { Exec } from '../pool/executor.js';
import type { SupervisedResult } from '../pool/supervisor.js';
import { pieces, rowsAt } from './forest-on-pool.js';
import type { TrainInjector } from './surrogate.js';
import type { HelpTrainMlpTask, TaskStats } from '../shared/tasks.js';

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
  // One helper at most: two shards a step, and markHelperGone assumes the one helper has really stopped.
  const helpers = count === 1 && params.dropout === 0 && exec.threads('train') > 1 ? 1 : 0;
  const sizes = [X.kind === 'bits' ? X.bits : X.cols, ...params.hidden, 1];
  return exec.call('train', 'train', async (record) => {
    const epochCounter = exec.countSteps?.('train', 'train', count, params.epochs) ?? null;
    const counted = epochCounter === null ? {} : { epochCounter };
    const results = await Promise.all(
      Array.from({ length: count }, (_, member) =>
        exec.supervise('train', 'train', [member], async (items, ctx) => {
          const injected = inject?.(items, ctx.attempt);
          const team = helpers > 0 ? createTeamBuffer(sizes, rows.length) : undefined;
          const task = { type: 'train-mlp', X, rows, y, params, member, team, ...counted } as const;
          // The leader first: on a pool with a queue, it must never wait behind its own helper.
          const leader = exec.run('train', injected ? { ...task, inject: injected } : task, ctx.signal);
          const helping =
            team === undefined ? [] : startHelpers(exec, helpers, { X, rows, y, params, team }, ctx.signal);
          try {
            const r = await leader;
            record(r.stats);
            return { value: r.value.mlp, heapUsed: r.stats.heapUsed };
          } finally {
            if (team !== undefined) stopTeam(teamControl(team));
            for (const h of await Promise.all(helping)) if (h !== null) record(h);
          }
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

type HelpInputs = Omit<HelpTrainMlpTask, 'type'>;

/**
 * Helper tasks for one leader: each settles to its stats, or null when it failed (the leader then computes
 * any shard that helper had claimed: markHelperGone). A helper's failure never fails the training.
 */
function startHelpers(exec: Exec, n: number, inputs: HelpInputs, signal: AbortSignal): Promise<TaskStats | null>[] {
  return Array.from({ length: n }, () =>
    exec.run('train', { type: 'help-train-mlp', ...inputs } as const, signal).then(
      (r) => {
        markHelperGone(teamControl(inputs.team));
        return r.stats;
      },
      () => {
        markHelperGone(teamControl(inputs.team));
        return null;
      },
    ),
  );
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
