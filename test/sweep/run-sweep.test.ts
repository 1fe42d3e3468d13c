/** The sweep runner with a stand-in campaign runner: resume, failures, off-peak holds. No real campaigns. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/state/campaign-db.js';
import type { PoolSet } from '../../src/pool/pool-set.js';
import type { RunCampaignOptions, RunCampaignResult } from '../../src/campaign/run-campaign.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { parseSweepText } from '../../src/sweep/load-sweep.js';
import { runSweep } from '../../src/sweep/run-sweep.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pools = { threads: 2, close: () => Promise.resolve() } as unknown as PoolSet;

const SWEEP = `
name: t
base: { dataset: { path: data.csv, label_column: y }, campaign: { generations: 1 } }
grid: { acquisition.strategy: [greedy, ucb, random], campaign.batch: [5, 10] }
seeds: 2
concurrency: 2
`;

function fakeRunner(
  calls: { id: string; resume: boolean; done: boolean }[],
  options: { failWhen?: (o: RunCampaignOptions) => boolean } = {},
) {
  return async (o: RunCampaignOptions): Promise<RunCampaignResult> => {
    await new Promise((r) => setTimeout(r, 1));
    const id = o.stateDir.split('/').pop() ?? '';
    mkdirSync(o.stateDir, { recursive: true });
    if (o.signal?.aborted === true) {
      writeFileSync(join(o.stateDir, 'state.json'), '{}');
      calls.push({ id, resume: o.resume, done: false });
      return {
        status: 'interrupted',
        summary: { history: [], status: 'interrupted' } as unknown as Summary,
        context: {} as never,
      };
    }
    const c = o.loaded.config;
    const value = (c.acquisition.strategy === 'ucb' ? 0.8 : 0.4) + (c.campaign.batch === 10 ? 0.1 : 0) + c.seed * 0.01;
    const failed = options.failWhen?.(o) ?? false;
    calls.push({ id, resume: o.resume, done: true });
    const summary = {
      status: failed ? 'failed' : 'done',
      labeled: 10,
      error: failed ? { stage: 'train', code: 'TIMEOUT', message: 'injected' } : null,
      history: [{ generation: 0, labeled: 10, metrics: { topk_scores: value }, seconds: { train: 0.1 } }],
    } as unknown as Summary;
    return { status: failed ? 'failed' : 'done', summary, context: {} as never };
  };
}

describe('runSweep', () => {
  it('an interrupted sweep, resumed, runs every combination exactly once', async () => {
    const dir = join(root, 'resume');
    const sweep = parseSweepText(SWEEP, join(root, 'sweep.yaml'));
    expect(sweep.space.total).toBe(12);
    const calls: { id: string; resume: boolean; done: boolean }[] = [];
    const controller = new AbortController();
    const runner = fakeRunner(calls);
    let finished = 0;
    const first = await runSweep({
      sweep,
      stateDir: dir,
      clock: createFakeClock(0),
      pools,
      signal: controller.signal,
      runCampaign: async (o) => {
        const r = await runner(o);
        if (r.status === 'done' && ++finished === 5) controller.abort();
        return r;
      },
    });
    expect(first.state).toBe('interrupted');
    const doneFirst = calls.filter((c) => c.done).map((c) => c.id);
    expect(doneFirst.length).toBeGreaterThanOrEqual(5);
    expect(doneFirst.length).toBeLessThan(12);

    const second = await runSweep({
      sweep,
      stateDir: dir,
      clock: createFakeClock(0),
      pools,
      runCampaign: fakeRunner(calls),
    });
    expect(second.state).toBe('done');
    const done = calls.filter((c) => c.done).map((c) => c.id);
    expect(done).toHaveLength(12);
    expect(new Set(done).size).toBe(12);
    expect(second.skipped).toBe(doneFirst.length);
    // Runs interrupted in flight were resumed from their checkpoint.
    const interrupted = calls.filter((c) => !c.done).map((c) => c.id);
    for (const id of interrupted) expect(calls.find((c) => c.done && c.id === id)?.resume).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      runs: unknown;
      best: { params: unknown; mean: number };
      summary: unknown[];
    };
    expect(results.runs).toMatchObject({ total: 12, finished: 12, done: 12, failed: 0 });
    expect(results.best.params).toEqual({ 'acquisition.strategy': 'ucb', 'campaign.batch': 10 });
    expect(results.best.mean).toBeCloseTo(0.905, 12);
    expect(results.summary).toHaveLength(6);
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n')).toHaveLength(13);
    expect(readFileSync(join(dir, 'sweep.html'), 'utf8')).toContain('acquisition.strategy=ucb, campaign.batch=10');
  });

  it('failed runs are recorded and listed; a bad parameter value fails its run, not the sweep', async () => {
    const dir = join(root, 'failed');
    const sweep = parseSweepText(SWEEP.replace('seeds: 2', 'seeds: 1'), join(root, 'sweep.yaml'));
    const calls: { id: string; resume: boolean; done: boolean }[] = [];
    const r = await runSweep({
      sweep,
      stateDir: dir,
      clock: createFakeClock(0),
      pools,
      runCampaign: fakeRunner(calls, { failWhen: (o) => o.loaded.config.acquisition.strategy === 'random' }),
    });
    expect(r.results.failed).toHaveLength(2);
    expect(
      r.results.failed.every(
        (f) => f.params['acquisition.strategy'] === 'random' && f.error === 'train: TIMEOUT: injected',
      ),
    ).toBe(true);
    expect(readFileSync(join(dir, 'sweep.html'), 'utf8')).toContain('Failed runs (2)');
    expect(r.results.best?.params['acquisition.strategy']).toBe('ucb');
  });

  it('off-peak: heavy runs are held (reason shown) until the window, light ones run first', async () => {
    const dir = join(root, 'offpeak');
    const sweep = parseSweepText(
      `${SWEEP.replace('seeds: 2', 'seeds: 1')}scheduling: { off_peak: { hours: "22:00-08:00", timezone: utc, heavy: { acquisition.strategy: ucb } }, priority: [{ when: { campaign.batch: 10 }, value: 5 }] }\n`,
      join(root, 'sweep.yaml'),
    );
    const clock = createFakeClock(Date.parse('2025-03-04T14:00:00Z'));
    const calls: { id: string; resume: boolean; done: boolean }[] = [];
    const order: string[] = [];
    const lines: string[] = [];
    const sleeps: number[] = [];
    const runner = fakeRunner(calls);
    const r = await runSweep({
      sweep,
      stateDir: dir,
      clock,
      pools,
      log: (l) => lines.push(l),
      // Time passes only when nothing else happens first (the runner cancels a wait when a run ends).
      sleep: (ms, signal) =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            if (signal?.aborted !== true) {
              sleeps.push(ms);
              clock.advance(ms);
            }
            resolve();
          }, 20),
        ),
      runCampaign: async (o) => {
        order.push(`${o.loaded.config.acquisition.strategy}@${new Date(clock.now()).toISOString().slice(11, 16)}`);
        return runner(o);
      },
    });
    expect(r.state).toBe('done');
    expect(order.filter((o) => o.startsWith('ucb'))).toEqual(['ucb@22:00', 'ucb@22:00']);
    expect(order.slice(0, 4), order.join(' ')).toEqual([
      'greedy@14:00',
      'random@14:00',
      'greedy@14:00',
      'random@14:00',
    ]);
    expect(lines.some((l) => /held: off-peak policy/.test(l))).toBe(true);
    expect(sleeps).toEqual([8 * 3_600_000]);
    expect(existsSync(join(dir, 'results.json'))).toBe(true);
  });
});
