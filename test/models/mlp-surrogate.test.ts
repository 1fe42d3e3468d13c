/**
 * The network surrogate over the real local executor and supervisor, with a fake pool that runs the worker's
 * own handler inline: one task per member, the same model on 1 or 2 threads, chunked prediction equal to
 * one prediction of the whole network, the artifact round trip, classification probabilities, the epochs
 * counted where progress is watched (the same model as without).
 */
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import handler from '../../src/engines/worker.js';
import { predictMlp } from '../../src/engines/mlp/predict-mlp.js';
import { mlpFromBytes } from '../../src/models/mlp-artifact.js';
import { createSurrogate } from '../../src/models/create-surrogate.js';
import type { TrainingSet } from '../../src/models/surrogate.js';
import { createLocalExecutor } from '../../src/pool/local-executor.js';
import type { CallProgress } from '../../src/pool/progress-tally.js';
import type { PoolSet } from '../../src/pool/pool-set.js';
import { createSupervisor } from '../../src/pool/supervisor.js';
import type { WorkerPool } from '../../src/pool/worker-pool.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { fromSerializedError } from '../../src/shared/errors.js';
import type { BitMatrix } from '../../src/shared/features.js';
import { createRng } from '../../src/shared/rng.js';
import type { ResultFor, WorkerTask } from '../../src/shared/tasks.js';

/** A pool set whose every pool runs tasks inline through the worker's handler, recording their types. */
function inlinePools(threads: number, progress?: CallProgress[]) {
  const tasks: WorkerTask[] = [];
  const pool: WorkerPool = {
    threads,
    async run<T extends WorkerTask>(task: T) {
      tasks.push(task);
      const reply = await (await handler)(task);
      if (!reply.ok) throw fromSerializedError(reply.error);
      return { value: reply.value as ResultFor<T>, stats: reply.stats };
    },
    runRaw: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
  const pools: PoolSet = {
    threads,
    forStage: () => pool,
    prepare: () => undefined,
    profile: () => {
      throw new Error('not used');
    },
    retryProfile: () => ({ retries: 0, backoffS: 0, timeoutS: null }),
    close: () => Promise.resolve(),
  };
  const clock = createFakeClock();
  const watched = progress === undefined ? {} : { onProgress: (p: CallProgress) => progress.push(p), clock };
  const exec = createLocalExecutor({ pools, supervisor: createSupervisor(clock), maxFailureRate: 0, ...watched });
  return { exec: exec.context(1), tasks };
}

/** 80 rows of 64 random bits (about 8 on per row); the label counts the first 8 bits. */
function data(): { X: BitMatrix; y: number[] } {
  const rng = createRng(5, 'mlp-surrogate-test');
  const rows = 80;
  const data = new Uint8Array(rows * 8);
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    let label = 0;
    for (let b = 0; b < 64; b++) {
      if (rng.next() < 0.125) {
        data[r * 8 + (b >> 3)]! |= 1 << (b & 7);
        if (b < 8) label++;
      }
    }
    y.push(label);
  }
  return { X: { kind: 'bits', rows, bits: 64, bytesPerRow: 8, data }, y };
}

const model = (yaml: string) =>
  parseConfigText(`dataset: { builtin: amide-library }\nmodel: ${yaml}`, 'x.yaml').config.model;
const { X, y } = data();
const set: TrainingSet = { featuresKey: 'f'.repeat(64), X, rows: y.map((_, i) => i), y, seed: 11 };
const all = Int32Array.from({ length: X.rows }, (_, i) => i);

describe('mlp surrogate', () => {
  const ensemble = model('{ kind: mlp, hidden: [8], epochs: 6, ensemble: 3 }');

  it('trains one task per member and gives the same model on 1 or 2 threads', async () => {
    const surrogate = createSurrogate(ensemble, 'bits', 'regression');
    expect(surrogate).toMatchObject({ kind: 'mlp/bits', members: 3 });
    const one = inlinePools(1);
    const two = inlinePools(2);
    const a = await surrogate.train(one.exec, set);
    const b = await surrogate.train(two.exec, set);
    expect(one.tasks.map((t) => t.type === 'train-mlp' && t.member)).toEqual([0, 1, 2]);
    expect(Array.from(a.encode())).toEqual(Array.from(b.encode()));
    const net = mlpFromBytes(a.encode());
    expect(net.members).toHaveLength(3);
    // Chunked over the threads, the prediction is the whole network's.
    const p1 = await a.predict(one.exec, 'explore', X, all);
    const p2 = await b.predict(two.exec, 'explore', X, all);
    const whole = predictMlp(net, X, all);
    expect(Array.from(p1.mean)).toEqual(Array.from(whole.mean));
    expect(Array.from(p2.mean)).toEqual(Array.from(whole.mean));
    expect(Array.from(p2.std)).toEqual(Array.from(whole.std));
    expect(two.tasks.filter((t) => t.type === 'predict-mlp')).toHaveLength(4);
    expect(p1.std.some((s) => s > 0)).toBe(true);
  });

  it('decodes its artifact into a model that predicts the same, and keys by params and seed', async () => {
    const surrogate = createSurrogate(ensemble, 'bits', 'regression');
    const { exec } = inlinePools(2);
    const trained = await surrogate.train(exec, set);
    const decoded = surrogate.decode(trained.encode());
    expect(Array.from(decoded.encode())).toEqual(Array.from(trained.encode()));
    const rows = Int32Array.from([5, 0, 79]);
    expect(await decoded.predict(exec, 'evaluate', X, rows)).toEqual(await trained.predict(exec, 'evaluate', X, rows));
    const key = surrogate.modelKey(set);
    expect(surrogate.modelKey({ ...set, seed: 12 })).not.toBe(key);
    expect(
      createSurrogate(model('{ kind: mlp, hidden: [8], epochs: 6 }'), 'bits', 'regression').modelKey(set),
    ).not.toBe(key);
    const morePasses = model('{ kind: mlp, hidden: [8], epochs: 6, ensemble: 3, mc_passes: 4 }');
    expect(createSurrogate(morePasses, 'bits', 'regression').modelKey(set)).toBe(key);
  });

  it('predicts probabilities for a classification campaign, with dropout passes as uncertainty', async () => {
    const labels = y.map((v) => (v >= 1 ? 1 : 0));
    const dropout = model('{ kind: mlp, hidden: [8], epochs: 6, dropout: 0.2, mc_passes: 5 }');
    const surrogate = createSurrogate(dropout, 'bits', 'classification');
    const { exec } = inlinePools(2);
    const trained = await surrogate.train(exec, { ...set, y: labels });
    const p = await trained.predict(exec, 'explore', X, all);
    expect(p.mean.every((v) => v > 0 && v < 1)).toBe(true);
    expect(p.std.some((s) => s > 0)).toBe(true);
  });

  it('passes an injected failure to the member task it names and fails the training', async () => {
    const surrogate = createSurrogate(ensemble, 'bits', 'regression');
    const { exec, tasks } = inlinePools(1);
    const inject = (items: readonly number[]) => (items[0] === 1 ? { badItems: [0] } : undefined);
    await expect(surrogate.train(exec, set, inject)).rejects.toMatchObject({ code: 'TASK_FAILED' });
    expect(tasks.filter((t) => t.type === 'train-mlp' && t.inject !== undefined)).toHaveLength(1);
  });

  it("counts every member's epochs in one step counter where progress is watched, with the same model", async () => {
    const surrogate = createSurrogate(ensemble, 'bits', 'regression');
    const progress: CallProgress[] = [];
    const watched = inlinePools(2, progress);
    const plain = inlinePools(2);
    const counted = await surrogate.train(watched.exec, set);
    const trainTasks = watched.tasks.filter((t) => t.type === 'train-mlp');
    const counters = new Set(trainTasks.map((t) => t.epochCounter));
    expect(counters.size).toBe(1);
    expect([...counters][0]).toBeInstanceOf(SharedArrayBuffer);
    expect(plain.tasks.every((t) => t.type !== 'train-mlp' || t.epochCounter === undefined)).toBe(true);
    const train = progress.filter((p) => p.kind === 'train');
    expect(train[0]).toMatchObject({ done: 0, total: 3, steps: { done: 0, total: 18, perItem: 6, items: 3 } });
    const epochsRun = mlpFromBytes(counted.encode()).members.reduce((a, m) => a + m.epochsRun, 0);
    expect(train.at(-1)).toMatchObject({ done: 3, total: 3, steps: { done: epochsRun, ended: 3 } });
    expect(Array.from(counted.encode())).toEqual(Array.from((await surrogate.train(plain.exec, set)).encode()));
  });
});
