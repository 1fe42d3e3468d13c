/**
 * The heap cap of campaign tasks through the real task pool: a task past it dies out of memory, and the
 * launcher re-runs it on the engine pool from its checkpoint (logged once), as any task whose worker died.
 * The cap here is far below what a campaign needs, so that the real worker dies of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { createBusyMeter } from '../../src/scheduling/busy-meter.js';
import { systemClock } from '../../src/shared/clock.js';
import type { Summary } from '../../src/state/campaign-db.js';
import { createCampaignTaskLauncher, createCampaignTaskPool } from '../../src/sweep/campaign-task-pool.js';
import type { RunJob, RunOutcome } from '../../src/sweep/run-one.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-task-heap-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('campaign tasks: the heap cap', () => {
  it('a task past its heap cap dies out of memory and is re-run on the engine pool', async () => {
    const smiles = Array.from({ length: 40 }, (_, i) => `${'C'.repeat(1 + (i % 9))}O,${i}`).join('\n');
    writeFileSync(join(root, 'data.csv'), `smiles,y\n${smiles}\n`);
    const loaded = parseConfigText(
      'dataset: { path: data.csv, label_column: y }\ncampaign: { initial: 5, batch: 5, generations: 1 }\n',
      join(root, 'c.yaml'),
      [],
      { cwd: root },
    );
    const pool = createCampaignTaskPool(1, 8);
    const lines: string[] = [];
    const pooled: RunJob[] = [];
    const launch = createCampaignTaskLauncher({
      pool,
      pooled: (job): Promise<RunOutcome> => {
        pooled.push(job);
        return Promise.resolve({ kind: 'ended', summary: { status: 'done' } as Summary, taskS: 0, pool: 40 });
      },
      always: false,
      sweepFile: 'sweep.yaml',
      featureCacheDir: join(root, 'features'),
      oracleCacheDir: join(root, 'oracle'),
      meter: createBusyMeter(1, systemClock),
      clock: systemClock,
      log: (line) => lines.push(line),
    });
    try {
      const item = { id: 'big', combo: 'c', index: 0, seed: 0, params: {} };
      const outcome = await launch({ item, loaded, dir: join(root, 'run'), resume: false });
      expect(outcome).toMatchObject({ kind: 'ended', pool: 40 });
    } finally {
      await pool.close();
    }
    expect(pooled).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/run big: campaign task ended \(its worker died: .*memory.*\); re-run/i)]);
  }, 60_000);
});
