/**
 * The `bullmq-executor` workload (`npm run bench -- --only bullmq-executor`; needs a Redis: the URL in
 * ALCOVE_BENCH_REDIS, default redis://127.0.0.1:6379): what running the command oracle's chunks on BullMQ
 * workers costs against running them here. The two workers run in this process (`startAlcoveWorker`, the
 * code of `alcove worker`), one job at a time each; the programs they start are processes of their own.
 * - **job round trip**: a one-molecule featurize task on a warm worker, from `run` to its collected result,
 *   against the same task on a local worker thread: what the queue itself adds;
 * - **per-task overhead**: one chunk of one molecule (the fake docking program, no docking time) at a
 *   time, from `run` to its collected result (add, a worker's take, the program, the completed event,
 *   the removal), against the same chunk as a local process;
 * - **a fake docking batch**: `molecules` molecules of `seconds` each, chunks of `chunk`, two chunks at
 *   once, on the two workers and locally (`parallel` 2), as a ratio of wall times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlcoveWorker } from '../bullmq/alcove-worker.js';
import { createBullmqRunner } from '../bullmq/bullmq-runner.js';
import { createCommandOracle, runCommandBatch } from '../oracles/command/command-oracle.js';
import { createWorkerPool } from '../pool/worker-pool.js';
import type { RemoteRunner } from '../remote/remote-task.js';
import { createRemoteBatchRunner } from '../remote/remote-batch-runner.js';
import { campaignId } from '../remote/task-id.js';
import { systemClock } from '../shared/clock.js';
import { median } from './stats.js';

export interface BullmqBenchOptions {
  readonly redis?: string;
  readonly tasks?: number;
  readonly molecules?: number;
  readonly seconds?: number;
  readonly chunk?: number;
}

export interface BullmqBenchResult {
  readonly round_trip: { readonly tasks: number; readonly bullmq_median_ms: number; readonly local_median_ms: number };
  readonly overhead: { readonly tasks: number; readonly bullmq_median_s: number; readonly local_median_s: number };
  readonly batch: {
    readonly molecules: number;
    readonly seconds_per_molecule: number;
    readonly chunk: number;
    readonly workers: 2;
    readonly local_s: number;
    readonly bullmq_s: number;
    readonly ratio: number;
  };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Median ms of `tasks` one-molecule featurize tasks through the runner and on a local thread (both warm). */
async function roundTrips(runner: RemoteRunner, tasks: number): Promise<BullmqBenchResult['round_trip']> {
  const pool = createWorkerPool({ threads: 1 });
  const task = { type: 'featurize', smiles: ['CCO'], spec: { kind: 'morgan', radius: 2, bits: 64 } } as const;
  const remote: number[] = [];
  const local: number[] = [];
  try {
    for (let i = -1; i < tasks; i++) {
      let t0 = performance.now();
      const id = `featurize-g0-c${i + 1}-a1`;
      await runner.run({ id, stage: 'featurize', task: { kind: 'engine', task }, scale: { mem: 1, time: 1 } });
      if (i >= 0) remote.push(performance.now() - t0);
      t0 = performance.now();
      await pool.run(task);
      if (i >= 0) local.push(performance.now() - t0);
    }
  } finally {
    await pool.close();
  }
  return { tasks, bullmq_median_ms: median(remote) ?? Number.NaN, local_median_ms: median(local) ?? Number.NaN };
}

export async function runBullmqBench(repoRoot: string, options: BullmqBenchOptions = {}): Promise<BullmqBenchResult> {
  const redis = options.redis ?? process.env.ALCOVE_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
  const tasks = options.tasks ?? 20;
  const molecules = options.molecules ?? 1000;
  const perMolecule = options.seconds ?? 0.5;
  const chunk = options.chunk ?? 10;
  const fake = join(repoRoot, 'examples/oracles/fake-docking.mjs');
  const stateDir = mkdtempSync(join(tmpdir(), 'alcove-bench-bullmq-'));
  const queue = `alcove-bench-${process.pid}`;
  const spec = { redis, queue, inline_limit_bytes: 256 * 1024 };
  const workers = [
    await startAlcoveWorker({ redis, queue, concurrency: 1, clock: systemClock }),
    await startAlcoveWorker({ redis, queue, concurrency: 1, clock: systemClock }),
  ];
  const runner = createBullmqRunner({ spec, campaign: campaignId(stateDir), stateDir, clock: systemClock });
  const dataset = {
    smiles: Array.from({ length: molecules }, (_, i) => `C${'C'.repeat(i % 20)}O`),
    ids: Array.from({ length: molecules }, (_, i) => `m${i}`),
  };
  const program = (s: number) => ({ argv: [fake, '--seconds', String(s)], timeoutMs: 600_000, memoryMb: null });
  try {
    // The first of each warms its worker (RDKit's WebAssembly) and is not counted.
    const round_trip = await roundTrips(runner, tasks);
    const remote = createRemoteBatchRunner({ runner, generation: () => 0 });
    const bullmqTimes: number[] = [];
    const localTimes: number[] = [];
    for (let i = 0; i < tasks; i++) {
      const rows = [{ id: `o${i}`, smiles: 'CCO' }];
      let t0 = performance.now();
      await remote(program(0), rows, undefined, { items: [molecules + i], attempt: 1 });
      bullmqTimes.push(seconds(t0));
      t0 = performance.now();
      await runCommandBatch(program(0), rows);
      localTimes.push(seconds(t0));
    }
    const label = async (onWorkers: boolean) => {
      const oracle = createCommandOracle(program(perMolecule), dataset, {
        chunk,
        parallel: 2,
        ...(onWorkers ? { runBatch: createRemoteBatchRunner({ runner, generation: () => 1 }) } : {}),
      });
      const t0 = performance.now();
      await oracle.label(dataset.ids.map((_, i) => i));
      return seconds(t0);
    };
    const local_s = await label(false);
    const bullmq_s = await label(true);
    return {
      round_trip,
      overhead: {
        tasks,
        bullmq_median_s: median(bullmqTimes) ?? Number.NaN,
        local_median_s: median(localTimes) ?? Number.NaN,
      },
      batch: {
        molecules,
        seconds_per_molecule: perMolecule,
        chunk,
        workers: 2,
        local_s,
        bullmq_s,
        ratio: bullmq_s / local_s,
      },
    };
  } finally {
    await runner.close({ cancel: true });
    await Promise.allSettled(workers.map((w) => w.close()));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The workload's table rows: figure, BullMQ, local, ratio. */
export function bullmqBenchRows(r: BullmqBenchResult): string[][] {
  const f = (x: number) => x.toFixed(3);
  return [
    [
      'job round trip, ms (median; one-molecule featurize, warm)',
      f(r.round_trip.bullmq_median_ms),
      f(r.round_trip.local_median_ms),
      f(r.round_trip.bullmq_median_ms / r.round_trip.local_median_ms),
    ],
    [
      'per-task round trip, s (median)',
      f(r.overhead.bullmq_median_s),
      f(r.overhead.local_median_s),
      f(r.overhead.bullmq_median_s / r.overhead.local_median_s),
    ],
    [
      `${r.batch.molecules} x ${r.batch.seconds_per_molecule} s docking, chunk ${r.batch.chunk}, 2 workers vs parallel 2, s`,
      f(r.batch.bullmq_s),
      f(r.batch.local_s),
      f(r.batch.ratio),
    ],
  ];
}
