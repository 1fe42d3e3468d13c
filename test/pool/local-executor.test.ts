/**
 * The local executor over a fake pool set and the real supervisor: tasks go to the stage's pool,
 * supervised work follows the stage's retry profile and its generation, engine calls are metered.
 */
import { describe, expect, it } from 'vitest';
import type { DispatchTiming } from '../../src/pool/dispatch-meter.js';
import { createLocalExecutor } from '../../src/pool/local-executor.js';
import type { CallProgress } from '../../src/pool/progress-tally.js';
import type { PoolSet } from '../../src/pool/pool-set.js';
import { createSupervisor, type AttemptRecord } from '../../src/pool/supervisor.js';
import type { WorkerPool } from '../../src/pool/worker-pool.js';
import type { LimitStage } from '../../src/shared/vocabulary.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';
import type { ResultFor, WorkerTask } from '../../src/shared/tasks.js';

function fakePools(threads: Partial<Record<LimitStage, number>>) {
  const runs: { stage: LimitStage; task: WorkerTask; signal: AbortSignal | undefined }[] = [];
  const poolFor = (stage: LimitStage): WorkerPool => ({
    threads: threads[stage] ?? 1,
    run<T extends WorkerTask>(task: T, options?: { signal?: AbortSignal }) {
      runs.push({ stage, task, signal: options?.signal });
      const value = { type: 'desirability', values: new Float64Array([1]), errors: [] } as unknown as ResultFor<T>;
      return Promise.resolve({ value, stats: { startedAt: 0, ms: 0, heapUsed: 0 } });
    },
    runRaw: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  });
  const pools: PoolSet = {
    threads: 1,
    forStage: poolFor,
    prepare: () => undefined,
    profile: () => {
      throw new Error('not used');
    },
    retryProfile: (stage) => ({ retries: stage === 'train' ? 2 : 0, backoffS: 0, timeoutS: null }),
    close: () => Promise.resolve(),
  };
  return { pools, runs };
}

describe('local executor', () => {
  it("runs a stage's tasks on that stage's pool under the task's signal", async () => {
    const { pools, runs } = fakePools({ oracle: 3 });
    const supervisor = createSupervisor(createFakeClock());
    const exec = createLocalExecutor({ pools, supervisor, maxFailureRate: 0.25 }).context(4);
    expect(exec).toMatchObject({ generation: 4, maxFailureRate: 0.25 });
    expect(exec.signal).toBeUndefined();
    expect(exec.threads('oracle')).toBe(3);
    expect(exec.threads('train')).toBe(1);
    const signal = new AbortController().signal;
    const out = await exec.run('oracle', { type: 'desirability', smiles: ['C'] }, signal);
    expect(Array.from(out.value.values)).toEqual([1]);
    expect(runs).toEqual([{ stage: 'oracle', task: { type: 'desirability', smiles: ['C'] }, signal }]);
  });

  it("supervises work by the stage's retry profile, in the context's generation", async () => {
    const { pools } = fakePools({});
    const ended: AttemptRecord[] = [];
    const supervisor = createSupervisor(createFakeClock(), {
      emit(name, payload) {
        if (name === 'attempt:end') ended.push((payload as { record: AttemptRecord }).record);
      },
    });
    const stage = new AbortController();
    const exec = createLocalExecutor({ pools, supervisor, maxFailureRate: 0.5 }).context(2, stage.signal);
    expect(exec.signal).toBe(stage.signal);
    const crashOnce = (items: readonly number[], ctx: { attempt: number }) =>
      ctx.attempt === 1
        ? Promise.reject(new AlcoveError('WORKER_CRASHED', 'boom', { retryable: true }))
        : Promise.resolve({ value: items.length });
    // train retries twice: a crash is retried; oracle retries none: the crash is final.
    const trained = await exec.supervise('train', 'train', [0, 1, 2, 3], crashOnce);
    expect(trained.failed).toEqual([]);
    const labeled = await exec.supervise('oracle', 'oracle', [0, 1], crashOnce);
    expect(labeled.failed.map((f) => [f.items, f.class])).toEqual([[[0, 1], 'crash']]);
    expect(ended.every((r) => r.generation === 2)).toBe(true);
    expect(ended.map((r) => `${r.stage}:${r.attempt}:${r.class}`)).toContain('train:1:crash');
  });

  it('meters each engine call and reports it with its stage, kind and generation', async () => {
    const { pools } = fakePools({});
    const timings: DispatchTiming[] = [];
    const executor = createLocalExecutor({
      pools,
      supervisor: createSupervisor(createFakeClock()),
      maxFailureRate: 0.5,
      onDispatch: (t) => timings.push(t),
    });
    const value = await executor.context(7).call('explore', 'predict', (record) => {
      record({ startedAt: 0, ms: 1 });
      return Promise.resolve('merged');
    });
    expect(value).toBe('merged');
    expect(timings).toHaveLength(1);
    expect(timings[0]).toMatchObject({ stage: 'explore', kind: 'predict', generation: 7, tasks: 1 });
  });

  it("reports an engine call's progress: its total at the fan-out, then each supervised piece's end", async () => {
    const { pools } = fakePools({});
    const seen: CallProgress[] = [];
    const exec = createLocalExecutor({
      pools,
      supervisor: createSupervisor(createFakeClock()),
      maxFailureRate: 0.5,
      onProgress: (p) => seen.push(p),
    }).context(3);
    await exec.call('featurize', 'featurize', () =>
      Promise.all(
        [[0, 1, 2], [3, 4], [5]].map((items) =>
          exec.supervise('featurize', 'featurize', items, (its) => Promise.resolve({ value: its.length })),
        ),
      ),
    );
    expect(seen[0]).toEqual({ stage: 'featurize', kind: 'featurize', generation: 3, done: 0, total: 6 });
    expect(seen.map((p) => p.done)).toEqual([0, 3, 5, 6]);
    // Supervised work outside an engine call (or without a listener) reports nothing.
    await exec.supervise('train', 'train', [0], () => Promise.resolve({ value: 1 }));
    expect(seen).toHaveLength(4);
  });
});
