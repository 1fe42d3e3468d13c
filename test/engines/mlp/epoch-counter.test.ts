/**
 * The epoch counter on a real worker thread: the worker stores each epoch in its member's slot while it trains
 * (seen from the main thread before the task ends), marks the slot ended with the epochs it ran (fewer when it
 * stopped early), and the network is exactly the one trained without a counter.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mlpParams } from '../../../src/engines/mlp/mlp-params.js';
import { trainMlp } from '../../../src/engines/mlp/train-mlp.js';
import { createWorkerPool } from '../../../src/pool/worker-pool.js';
import { createRng } from '../../../src/shared/rng.js';
import { createStepCounter, readSteps, waitForSteps } from '../../../src/shared/step-counter.js';
import { bitMatrix, randomOnBits } from '../forest/helpers.js';

const pool = createWorkerPool({ threads: 1 });
afterAll(() => pool.close());

/** Rows of 64 random bits with pure-noise labels: a network overfits them and stops early when validated. */
function noise(rows: number) {
  const on = randomOnBits(rows, 64, 0.2, 5);
  const rng = createRng(2, 'epoch-counter-noise');
  return {
    X: bitMatrix(on, 64),
    rows: Int32Array.from({ length: rows }, (_, i) => i),
    y: Float64Array.from(on, () => rng.normal()),
  };
}

describe('epoch counter on a worker thread', () => {
  const { X, rows, y } = noise(60);

  it('ends with the epochs run, fewer than K when it stopped early, and the same network as without it', async () => {
    const params = mlpParams({ hidden: [16, 16], epochs: 300, checkEvery: 1, patience: 4, seed: 3 });
    const counter = createStepCounter(1);
    const counted = await pool.run({ type: 'train-mlp', X, rows, y, params, member: 0, epochCounter: counter });
    const plain = await pool.run({ type: 'train-mlp', X, rows, y, params, member: 0 });
    const member = counted.value.mlp.members[0]!;
    expect(member.epochsRun).toBeLessThan(300);
    expect(readSteps(counter, 300)).toEqual({
      done: member.epochsRun,
      total: member.epochsRun,
      perItem: 300,
      items: 1,
      ended: 1,
      endedEarly: 1,
    });
    expect(counted.value.mlp).toEqual(plain.value.mlp);
    expect(counted.value.mlp).toEqual(trainMlp(X, rows, y, { ...params, ensemble: 1 }));
  });

  it("is written while the network trains: the main thread sees epochs before the task's end", async () => {
    // No validation, so no early stop: far more epochs than the test waits for; the task is aborted.
    const params = mlpParams({ hidden: [8], epochs: 10_000_000, validationFraction: 0, seed: 3 });
    const counter = createStepCounter(2);
    const abort = new AbortController();
    let settled = false;
    const task = pool.run(
      { type: 'train-mlp', X, rows, y, params, member: 1, epochCounter: counter },
      { signal: abort.signal },
    );
    const ended = task.then(
      () => (settled = true),
      () => (settled = true),
    );
    // A worker that never writes fails the test by its timeout.
    await Promise.race([waitForSteps(counter, 1, 2), ended]);
    const seen = readSteps(counter, params.epochs);
    expect(settled).toBe(false);
    // Slot 1 is member 1's; slot 0 stays untouched.
    expect(new Int32Array(counter)[0]).toBe(0);
    expect(seen).toMatchObject({ ended: 0, total: 2 * params.epochs });
    expect(seen.done).toBeGreaterThanOrEqual(3);
    abort.abort();
    await ended;
  });
});
