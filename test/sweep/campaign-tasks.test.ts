/**
 * A sweep's runs as campaign tasks (each whole campaign in a worker thread) against the same sweep on the
 * main thread over the engine pool, through the real pipeline: the same rows apart from timings, the same
 * explored molecules and checkpoints; no engine pool started; an interrupted sweep of campaign tasks resumes
 * to the same rows. Both modes report their workers' CPU time.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBuiltinLibrary } from '../../src/library/builtin-library.js';
import { createWorkerPool } from '../../src/pool/worker-pool.js';
import type * as WorkerPoolModule from '../../src/pool/worker-pool.js';
import { systemClock } from '../../src/shared/clock.js';
import { parseSweepText } from '../../src/sweep/load-sweep.js';
import { runSweep, type RunSweepResult } from '../../src/sweep/run-sweep.js';
import { readRows, type SweepRow } from '../../src/sweep/sweep-row.js';

vi.mock('../../src/pool/worker-pool.js', async (importOriginal) => {
  const actual = await importOriginal<typeof WorkerPoolModule>();
  return { ...actual, createWorkerPool: vi.fn(actual.createWorkerPool) };
});

const root = mkdtempSync(join(tmpdir(), 'alcove-campaign-tasks-'));
let library = '';
beforeAll(async () => {
  // Enumerated once here and copied into each sweep's cache, where the sweep would enumerate it again.
  library = (await ensureBuiltinLibrary('amide-library', join(root, 'library'))).path;
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sweepText = (mode: string) => `name: tasks
base:
  seed: 3
  dataset: { builtin: amide-library, subsample: 100 }
  featurizer: { kind: morgan, radius: 2, bits: 1024 }
  model: { trees: 10, max_depth: 6 }
  campaign: { initial: 10, batch: 8, generations: 3, top_k: 5, test_fraction: 0, patience: 0 }
grid:
  acquisition.strategy: [greedy, thompson]
  campaign.batch: [6, 10]
seeds: 2
concurrency: 2
workers: 2
campaign_tasks: ${mode}
`;

async function sweepIn(name: string, mode: string, extra: { signal?: AbortSignal; log?: (l: string) => void } = {}) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'cache'), { recursive: true });
  copyFileSync(library, join(dir, 'cache', 'amide-library.csv'));
  const sweep = parseSweepText(sweepText(mode), join(root, `${name}.yaml`));
  return runSweep({ sweep, stateDir: dir, clock: systemClock, ...extra });
}

/** A row without what depends on time. */
const timeless = ({ wall_s: _w, task_s: _t, stage_s: _s, finished_at: _f, ...rest }: SweepRow) => rest;
const rowsOf = (name: string) =>
  [...readRows(join(root, name, 'results.jsonl'))].map(timeless).sort((a, b) => (a.id < b.id ? -1 : 1));
const runIds = (name: string) => readdirSync(join(root, name, 'runs')).sort();
const runFile = (name: string, id: string, file: string) => readFileSync(join(root, name, 'runs', id, file), 'utf8');
const contextOf = (name: string, id: string) =>
  JSON.parse(runFile(name, id, 'state.json'), (key, v: unknown) =>
    key === 'seconds' || key === 'savedAt' ? undefined : v,
  ) as { snapshot: { context: unknown } };

function expectCpuMeasured(r: RunSweepResult): void {
  expect(r.utilisation.cpu_worker_s).toBeGreaterThan(0);
  expect(r.utilisation.cpu_ratio).toBeGreaterThan(0);
  expect(r.utilisation.cpu_ratio).toBeLessThanOrEqual(1);
}

describe('campaign tasks', () => {
  let pooled: RunSweepResult;
  let tasks: RunSweepResult;

  it('give the rows, explored molecules and checkpoints of the engine pool, and start no engine pool', async () => {
    pooled = await sweepIn('pooled', 'never');
    const poolsBefore = vi.mocked(createWorkerPool).mock.calls.length;
    expect(poolsBefore).toBeGreaterThan(0);
    tasks = await sweepIn('tasks', 'always');
    expect(vi.mocked(createWorkerPool).mock.calls.length).toBe(poolsBefore);
    expect(pooled.results.rows).toHaveLength(8);
    expect(pooled.results.rows.every((r) => r.status === 'done')).toBe(true);
    expect(rowsOf('tasks')).toEqual(rowsOf('pooled'));
    expect(runIds('tasks')).toEqual(runIds('pooled'));
    for (const id of runIds('pooled')) {
      expect(runFile('tasks', id, 'explored.csv'), id).toBe(runFile('pooled', id, 'explored.csv'));
      expect(contextOf('tasks', id).snapshot.context, id).toEqual(contextOf('pooled', id).snapshot.context);
    }
    expectCpuMeasured(pooled);
    expectCpuMeasured(tasks);
    // The desirability truth is computed once per pool (one per seed's subsample), not once per run.
    for (const name of ['pooled', 'tasks']) {
      const truths = readdirSync(join(root, name, 'cache', 'oracle')).filter((f) => f.endsWith('.f64'));
      expect(truths, name).toHaveLength(2);
      for (const id of runIds(name))
        expect(existsSync(join(root, name, 'runs', id, 'artifacts', 'oracle'))).toBe(false);
    }
  }, 600_000);

  it('interrupted, resume from their checkpoints to the same rows', async () => {
    const stop = new AbortController();
    const runs = join(root, 'interrupted', 'runs');
    // The gate: a run in flight (its checkpoint written, its views not yet) once one run has ended.
    const inFlight = () =>
      readdirSync(runs).some(
        (id) => existsSync(join(runs, id, 'state.json')) && !existsSync(join(runs, id, 'summary.json')),
      );
    let watch: NodeJS.Timeout | undefined;
    const first = await sweepIn('interrupted', 'always', {
      signal: stop.signal,
      log: (line) => {
        if (!/^run \S+ done/.test(line) || watch !== undefined) return;
        watch = setInterval(() => {
          if (inFlight()) stop.abort();
        }, 2);
      },
    });
    clearInterval(watch);
    expect(first.state).toBe('interrupted');
    expect(first.results.rows.length).toBeLessThan(8);
    const resumed: string[] = [];
    const second = await sweepIn('interrupted', 'always', { log: (line) => resumed.push(line) });
    expect(second.state).toBe('done');
    expect(rowsOf('interrupted')).toEqual(rowsOf('pooled'));
    // The run in flight at the interrupt recorded it, and resumed from its checkpoint.
    const again = resumed.filter((l) => / resuming: /.test(l)).map((l) => /^run (\S+)/.exec(l)?.[1] ?? '');
    expect(again.length).toBeGreaterThan(0);
    for (const id of again) {
      expect(runFile('interrupted', id, 'audit.jsonl')).toMatch(/"interrupted"/);
      expect(runFile('interrupted', id, 'explored.csv')).toBe(runFile('pooled', id, 'explored.csv'));
    }
  }, 600_000);
});
