/**
 * The campaign-task launcher with a stand-in task pool: a worker's death and an engine task past its timeout
 * send the run to the engine pool (resuming from its checkpoint), logged once; the sweep's interrupt becomes
 * the task's stop word; `always` refuses a run whose own config needs the engine pool. And the mode: which
 * configs a campaign task keeps. One test uses the real task pool: a task past its worker's heap cap.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { createBusyMeter } from '../../src/scheduling/busy-meter.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { expectAlcoveError } from '../helpers/alcove-error.js';
import type { Summary } from '../../src/state/campaign-db.js';
import {
  createCampaignControl,
  type CampaignTaskInput,
  type CampaignTaskReply,
} from '../../src/sweep/campaign-task.js';
import { pooledOnlyKeys, useCampaignTasks } from '../../src/sweep/campaign-task-mode.js';
import {
  createCampaignTaskLauncher,
  createCampaignTaskPool,
  type CampaignTaskPool,
} from '../../src/sweep/campaign-task-pool.js';
import type { RunJob, RunOutcome } from '../../src/sweep/run-one.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-campaign-task-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, 'data.csv'), 'smiles,y\nCCO,1\n');

const config = (extra = '') =>
  parseConfigText(`dataset: { path: data.csv, label_column: y }\n${extra}`, join(root, 'c.yaml'), [], { cwd: root });

const summary = { status: 'done', history: [] } as unknown as Summary;

/** A task pool whose task does what `body` says with its input and the abort signal. */
function fakePool(body: (input: CampaignTaskInput, abort: AbortSignal) => Promise<CampaignTaskReply>) {
  const inputs: CampaignTaskInput[] = [];
  const pool: CampaignTaskPool = {
    threads: 2,
    run: (input, abort) => {
      inputs.push(input);
      return body(input, abort);
    },
    cpuMs: () => 0,
    close: () => Promise.resolve(),
  };
  return { pool, inputs };
}

function launcher(pool: CampaignTaskPool, extra: { always?: boolean; signal?: AbortSignal } = {}) {
  const clock = createFakeClock(0);
  const lines: string[] = [];
  const pooled: RunJob[] = [];
  const launch = createCampaignTaskLauncher({
    pool,
    pooled: (job): Promise<RunOutcome> => {
      pooled.push(job);
      return Promise.resolve({ kind: 'ended', summary, taskS: 1, pool: 10 });
    },
    always: extra.always ?? false,
    sweepFile: 'sweep.yaml',
    featureCacheDir: join(root, 'features'),
    oracleCacheDir: join(root, 'oracle'),
    meter: createBusyMeter(2, clock),
    clock,
    log: (line) => lines.push(line),
    signal: extra.signal,
    interruptExitCode: () => 143,
  });
  return { launch, clock, lines, pooled };
}

const job = (id: string, extra = ''): RunJob => {
  const dir = join(root, id);
  mkdirSync(dir, { recursive: true });
  return { item: { id, combo: 'c', index: 0, seed: 0, params: {} }, loaded: config(extra), dir, resume: false };
};

describe('campaign tasks: the launcher', () => {
  it("a task's reply is the run's outcome; the task gets the run's folder, config and feature cache", async () => {
    const { pool, inputs } = fakePool(() =>
      Promise.resolve({ kind: 'ended', summary, taskMs: 1500, pool: 99, cpuMs: 1200 }),
    );
    const { launch, pooled } = launcher(pool);
    const j = job('ok');
    expect(await launch(j)).toEqual({ kind: 'ended', summary, taskS: 1.5, pool: 99 });
    expect(pooled).toHaveLength(0);
    expect(inputs[0]).toMatchObject({ runDir: j.dir, loaded: j.loaded, resume: false });
    expect(inputs[0]?.featureCacheDir).toBe(join(root, 'features'));
    expect(inputs[0]?.oracleCacheDir).toBe(join(root, 'oracle'));
  });

  it('a worker that died: the run goes to the engine pool, resuming from its checkpoint, logged once', async () => {
    const { pool } = fakePool(() => Promise.reject(new Error('worker exited with code: 134')));
    const { launch, pooled, lines } = launcher(pool);
    const j = job('crash');
    writeFileSync(join(j.dir, 'state.json'), '{}');
    expect(await launch(j)).toMatchObject({ kind: 'ended', pool: 10 });
    expect(pooled).toHaveLength(1);
    expect(pooled[0]?.resume).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/run crash: campaign task ended \(its worker died: .*134\); re-run/)]);
  });

  it('a task past its heap cap, in the real task pool, dies out of memory and goes to the engine pool', async () => {
    // A cap far below what a campaign needs, so that the real worker dies of it.
    const pool = createCampaignTaskPool(1, 8);
    const { launch, pooled, lines } = launcher(pool);
    try {
      expect(await launch(job('big'))).toMatchObject({ kind: 'ended', pool: 10 });
    } finally {
      await pool.close();
    }
    expect(pooled).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(/run big: campaign task ended \(its worker died: .*memory.*\); re-run/i),
    ]);
  }, 60_000);

  it('an engine task past its deadline: the watchdog ends the task, and the run goes to the engine pool', async () => {
    const { pool } = fakePool(
      (input, abort) =>
        new Promise((_resolve, reject) => {
          createCampaignControl(input.control).setDeadline(500);
          abort.addEventListener('abort', () => reject(new Error('The task has been aborted')), { once: true });
        }),
    );
    const { launch, pooled, lines, clock } = launcher(pool);
    const ended = launch(job('hang'));
    clock.advance(999);
    await Promise.resolve();
    expect(pooled).toHaveLength(0);
    clock.advance(1);
    expect(await ended).toMatchObject({ kind: 'ended' });
    expect(pooled).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/run hang: .*passed its timeout_s.*engine pool/)]);
  });

  it("the sweep's interrupt sets the task's stop word to the exit code; the run ends interrupted", async () => {
    const stop = new AbortController();
    let seen = 0;
    const { pool } = fakePool((input) => {
      const control = createCampaignControl(input.control);
      stop.abort();
      seen = control.stopCode();
      return Promise.resolve({ kind: 'interrupted', cpuMs: null });
    });
    const { launch, pooled } = launcher(pool, { signal: stop.signal });
    expect(await launch(job('stop'))).toEqual({ kind: 'interrupted' });
    expect(seen).toBe(143);
    expect(pooled).toHaveLength(0);
  });

  it('a run whose own config needs the engine pool: auto sends it there, always fails it naming the key', async () => {
    const { pool, inputs } = fakePool(() => Promise.reject(new Error('not called')));
    const auto = launcher(pool);
    expect(await auto.launch(job('inj', 'inject: { oracle_failure_rate: 0.1 }'))).toMatchObject({ kind: 'ended' });
    expect(auto.pooled).toHaveLength(1);
    const always = launcher(pool, { always: true });
    const refused = await always.launch(job('inj2', 'inject: { oracle_failure_rate: 0.1 }'));
    expect(refused).toMatchObject({ kind: 'error', code: 'BAD_CONFIG' });
    expect(refused.kind === 'error' ? refused.message : '').toMatch(
      /campaign_tasks: always.*inject\.oracle_failure_rate/,
    );
    expect(inputs).toHaveLength(0);
  });
});

describe('campaign tasks: when', () => {
  it('a default local config with an in-process oracle keeps everything (default timeouts included)', () => {
    expect(pooledOnlyKeys(config().config)).toEqual([]);
    expect(
      pooledOnlyKeys(config('oracle: { kind: lookup }\nlimits: { train: { timeout_s: 5, retries: 4 } }').config),
    ).toEqual([]);
  });

  it('names each key that needs the engine pool', () => {
    const keys = pooledOnlyKeys(
      config(
        'oracle: { kind: command, argv: [echo] }\ninject: { train_timeout: 0.5 }\nlimits: { featurize: { memory_mb: 256 } }\nexecutor: { default: { kind: local }, oracle: { kind: slurm } }',
      ).config,
    );
    expect(keys).toEqual(['executor.oracle', 'oracle.kind', 'inject.train_timeout', 'limits.featurize.memory_mb']);
  });

  it('auto and never decide; always with such a config is a config error naming both keys; injected means pooled', () => {
    const plain = config().config;
    const injected = config('inject: { malformed_molecules: 2 }').config;
    expect(useCampaignTasks({ campaign_tasks: 'auto' }, plain, 's.yaml', false)).toBe(true);
    expect(useCampaignTasks({ campaign_tasks: 'never' }, plain, 's.yaml', false)).toBe(false);
    expect(useCampaignTasks({ campaign_tasks: 'auto' }, injected, 's.yaml', false)).toBe(false);
    expect(useCampaignTasks({ campaign_tasks: 'always' }, plain, 's.yaml', true)).toBe(false);
    const refuse = () => useCampaignTasks({ campaign_tasks: 'always' }, injected, 's.yaml', false);
    expectAlcoveError(refuse, 'BAD_CONFIG');
    expect(refuse).toThrow(/campaign_tasks: always.*inject\.malformed_molecules/);
  });
});
