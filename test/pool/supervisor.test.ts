/**
 * The supervisor through the real pool, with one fixture worker per failure mode.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../src/pool/worker-pool.js';
import { createSupervisor, type AttemptRecord } from '../../src/pool/supervisor.js';
import { systemClock } from '../../src/shared/clock.js';
import type { FailingTask } from '../fixtures/workers/failing-worker.js';

const filename = fileURLToPath(new URL('../fixtures/workers/failing-worker.ts', import.meta.url));

let pool: WorkerPool;
beforeAll(() => {
  pool = createWorkerPool({
    threads: 2,
    filename,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
  });
});
afterAll(async () => {
  await pool.close();
});

function setup(mode: FailingTask['mode'], failAttempts: number, profile = { retries: 2, backoffS: 0, timeoutS: 30 }) {
  const ended: AttemptRecord[] = [];
  const supervisor = createSupervisor(systemClock, { onAttemptEnd: (r) => ended.push(r) }, 'test');
  const run = (items: readonly number[] = [0, 1, 2, 3]) =>
    supervisor.supervise({
      stage: 'featurize',
      kind: 'featurize',
      generation: 0,
      items,
      profile,
      run: async (its, ctx) => {
        const task: FailingTask = { mode, items: its, attempt: ctx.attempt, failAttempts };
        const r = await pool.runRaw<number[]>(task, { signal: ctx.signal });
        return { value: r.value };
      },
    });
  return { run, ended };
}

const classes = (ended: AttemptRecord[]) => ended.map((r) => `${r.attempt}:${r.class}:${r.params.items}`);

describe('supervised tasks through the real pool', () => {
  it('records a plain success as one ok attempt', async () => {
    const { run, ended } = setup('ok', 0);
    const r = await run();
    expect(r.parts.map((p) => p.value)).toEqual([[0, 2, 4, 6]]);
    expect(classes(ended)).toEqual(['1:ok:4']);
  });

  it('a worker that exceeds its heap is classified oom and retried as two halves', async () => {
    const { run, ended } = setup('oom', 1);
    const r = await run();
    expect(classes(ended)).toEqual(['1:oom:4', '2:ok:2', '2:ok:2']);
    expect(r.parts.flatMap((p) => p.value)).toEqual([0, 2, 4, 6]);
    expect(r.failed).toEqual([]);
  });

  it('a hanging worker is classified timeout and retried with a longer timeout', async () => {
    const { run, ended } = setup('hang', 1, { retries: 2, backoffS: 0, timeoutS: 0.3 });
    const r = await run([5, 6]);
    expect(classes(ended)).toEqual(['1:timeout:2', '2:ok:1', '2:ok:1']);
    expect(ended.slice(1).map((e) => e.params.timeout_ms)).toEqual([600, 600]);
    expect(r.parts.flatMap((p) => p.value)).toEqual([10, 12]);
  });

  it('a worker that exits the thread is classified crash and retried as it was', async () => {
    const { run, ended } = setup('exit', 1);
    const r = await run();
    expect(classes(ended)).toEqual(['1:crash:4', '2:ok:4']);
    expect(r.failed).toEqual([]);
  });

  it('a thrown error is classified error and not retried', async () => {
    const { run, ended } = setup('throw', 5);
    const r = await run();
    expect(classes(ended)).toEqual(['1:error:4']);
    expect(r.failed).toEqual([expect.objectContaining({ items: [0, 1, 2, 3], class: 'error' })]);
    expect(r.failed[0]?.message).toMatch(/thrown inside the worker.*deterministic/);
  });

  it('bad input drops the named molecules and runs the rest', async () => {
    const { run, ended } = setup('bad-input', 1);
    const r = await run([7, 8, 9]);
    expect(classes(ended)).toEqual(['1:bad_input:3', '2:ok:2']);
    expect(r.dropped).toEqual([7]);
    expect(r.parts).toEqual([{ items: [8, 9], value: [16, 18] }]);
  });

  it('gives up after the retry limit and reports the items as failed', async () => {
    const { run, ended } = setup('exit', 10, { retries: 1, backoffS: 0, timeoutS: 30 });
    const r = await run([1, 2]);
    expect(classes(ended)).toEqual(['1:crash:2', '2:crash:2']);
    expect(r.failed).toEqual([expect.objectContaining({ items: [1, 2], class: 'crash' })]);
  });

  it('an aborted stage ends its attempt as interrupted and rejects', async () => {
    const ended: AttemptRecord[] = [];
    const supervisor = createSupervisor(systemClock, { onAttemptEnd: (r) => ended.push(r) });
    const controller = new AbortController();
    const pending = supervisor.supervise({
      stage: 'train',
      kind: 'train',
      generation: 1,
      items: [0],
      profile: { retries: 2, backoffS: 0, timeoutS: null },
      signal: controller.signal,
      run: async (its, ctx) => ({
        value: (
          await pool.runRaw<number[]>({ mode: 'hang', items: its, attempt: 1, failAttempts: 1 }, { signal: ctx.signal })
        ).value,
      }),
    });
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toThrow(/interrupted/);
    expect(ended.map((e) => e.class)).toEqual(['interrupted']);
  });
});
