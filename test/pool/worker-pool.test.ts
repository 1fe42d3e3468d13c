import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../src/pool/worker-pool.js';

const sleepWorker = fileURLToPath(new URL('../fixtures/workers/sleep-worker.ts', import.meta.url));

describe('worker pool', () => {
  let pool: WorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('runs four 1-second tasks two at a time on two threads', async () => {
    pool = createWorkerPool({ threads: 2, filename: sleepWorker });
    const counters = new Int32Array(new SharedArrayBuffer(8));
    const t0 = Date.now();
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => pool!.runRaw<{ startedAt: number; endedAt: number }>({ ms: 1000, counters })),
    );
    const elapsed = Date.now() - t0;
    // Two in flight at once, never more: the pool parallelises up to its thread count.
    expect(Atomics.load(counters, 1)).toBe(2);
    expect(Atomics.load(counters, 0)).toBe(0);
    // The tasks ran in two waves: the second pair started after the first pair ended.
    const starts = results.map((r) => r.value.startedAt).sort((a, b) => a - b);
    const ends = results.map((r) => r.value.endedAt).sort((a, b) => a - b);
    expect(starts[1]!).toBeLessThan(ends[0]!);
    expect(starts[2]!).toBeGreaterThanOrEqual(ends[0]! - 5);
    console.info(`4 × 1 s tasks on 2 threads took ${(elapsed / 1000).toFixed(2)} s`);
  });
});
