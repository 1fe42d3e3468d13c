/**
 * The `slurm-executor` workload (`npm run bench -- --only slurm-executor`; needs a SLURM, e.g. the one
 * `scripts/ci/slurm-up.sh` starts): what running the command oracle's chunks on SLURM costs against
 * running them here.
 * - **per-task overhead**: one chunk of one molecule (the fake docking program, no docking time) at a
 *   time, from `run` to its collected marker (sbatch, the array task starting `alcove task`, the marker,
 *   the next poll), against the same chunk as a local process;
 * - **a fake docking batch**: `molecules` molecules of `seconds` each, chunks of `chunk`, `parallel` chunks
 *   at once, on SLURM and locally, as a ratio of wall times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { executorSpecSchema, type SlurmExecutorSpec } from '../config/executor-schema.js';
import { createCommandOracle, runCommandBatch } from '../oracles/command/command-oracle.js';
import { createRemoteBatchRunner } from '../remote/remote-batch-runner.js';
import { campaignId } from '../remote/task-id.js';
import { systemClock } from '../shared/clock.js';
import { createSlurmRunner } from '../slurm/slurm-runner.js';
import { median } from './stats.js';

export interface SlurmBenchOptions {
  readonly tasks?: number;
  readonly molecules?: number;
  readonly seconds?: number;
  readonly chunk?: number;
  readonly parallel?: number;
}

export interface SlurmBenchResult {
  readonly overhead: { readonly tasks: number; readonly slurm_median_s: number; readonly local_median_s: number };
  readonly batch: {
    readonly molecules: number;
    readonly seconds_per_molecule: number;
    readonly chunk: number;
    readonly parallel: number;
    readonly local_s: number;
    readonly slurm_s: number;
    readonly ratio: number;
  };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function runSlurmBench(repoRoot: string, options: SlurmBenchOptions = {}): Promise<SlurmBenchResult> {
  const tasks = options.tasks ?? 5;
  const molecules = options.molecules ?? 40;
  const perMolecule = options.seconds ?? 0.5;
  const chunk = options.chunk ?? 4;
  const parallel = options.parallel ?? availableParallelism();
  const fake = join(repoRoot, 'examples/oracles/fake-docking.mjs');
  const stateDir = mkdtempSync(join(tmpdir(), 'alcove-bench-slurm-'));
  const spec = executorSpecSchema.parse({ kind: 'slurm', poll_s: 0.1, time: 10, mem_mb: 256 }) as SlurmExecutorSpec;
  const runner = createSlurmRunner({
    spec,
    campaign: campaignId(stateDir),
    stateDir,
    clock: systemClock,
    log: () => undefined,
  });
  const dataset = {
    smiles: Array.from({ length: molecules }, (_, i) => `C${'C'.repeat(i % 20)}O`),
    ids: Array.from({ length: molecules }, (_, i) => `m${i}`),
  };
  const program = (s: number) => ({ argv: [fake, '--seconds', String(s)], timeoutMs: 600_000, memoryMb: null });
  try {
    const remote = createRemoteBatchRunner({ runner, generation: () => 0 });
    const slurmTimes: number[] = [];
    const localTimes: number[] = [];
    for (let i = 0; i < tasks; i++) {
      const rows = [{ id: `o${i}`, smiles: 'CCO' }];
      let t0 = performance.now();
      await remote(program(0), rows, undefined, { items: [1000 + i], attempt: 1 });
      slurmTimes.push(seconds(t0));
      t0 = performance.now();
      await runCommandBatch(program(0), rows);
      localTimes.push(seconds(t0));
    }
    const label = async (onSlurm: boolean) => {
      const oracle = createCommandOracle(program(perMolecule), dataset, {
        chunk,
        parallel,
        ...(onSlurm ? { runBatch: createRemoteBatchRunner({ runner, generation: () => 1 }) } : {}),
      });
      const t0 = performance.now();
      await oracle.label(dataset.ids.map((_, i) => i));
      return seconds(t0);
    };
    const local_s = await label(false);
    const slurm_s = await label(true);
    return {
      overhead: {
        tasks,
        slurm_median_s: median(slurmTimes) ?? Number.NaN,
        local_median_s: median(localTimes) ?? Number.NaN,
      },
      batch: {
        molecules,
        seconds_per_molecule: perMolecule,
        chunk,
        parallel,
        local_s,
        slurm_s,
        ratio: slurm_s / local_s,
      },
    };
  } finally {
    await runner.close({ cancel: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** The workload's table rows: figure, SLURM, local, ratio. */
export function slurmBenchRows(r: SlurmBenchResult): string[][] {
  const f = (x: number) => x.toFixed(2);
  return [
    [
      'per-task overhead, s (median)',
      f(r.overhead.slurm_median_s),
      f(r.overhead.local_median_s),
      f(r.overhead.slurm_median_s / r.overhead.local_median_s),
    ],
    [
      `${r.batch.molecules} x ${r.batch.seconds_per_molecule} s docking, chunk ${r.batch.chunk}, parallel ${r.batch.parallel}, s`,
      f(r.batch.slurm_s),
      f(r.batch.local_s),
      f(r.batch.ratio),
    ],
  ];
}
