/**
 * A real network campaign through the real worker pool, in process: its train stages report their epochs
 * (the step counter written by the workers), and the campaign's rounds are exactly those of the same campaign
 * whose tasks go without the counter (the pool set is wrapped to take it off every task).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign/run-campaign.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import type { CallProgress } from '../../src/pool/progress-tally.js';
import type { WorkerPool } from '../../src/pool/worker-pool.js';
import { systemClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';
import type { WorkerTask } from '../../src/shared/tasks.js';

let pools: PoolSet;
const dir = mkdtempSync(join(tmpdir(), 'alcove-epochs-'));
const yaml = `seed: 5
dataset: { builtin: amide-library, subsample: 300 }
campaign: { initial: 30, batch: 30, generations: 1, top_k: 10, test_fraction: 0.1 }
featurizer: { kind: morgan, bits: 1024 }
model: { kind: mlp, hidden: [32], epochs: 20, ensemble: 2 }
`;
beforeAll(() => {
  pools = createPoolSet(parseConfigText(yaml, 'x.yaml').config.limits, 2);
});
afterAll(async () => {
  await pools.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same pools, with every task's epoch counter taken off before it is posted. */
function withoutCounters(inner: PoolSet): PoolSet {
  const strip = (pool: WorkerPool): WorkerPool => ({
    ...pool,
    run<T extends WorkerTask>(task: T, options?: { signal?: AbortSignal }) {
      if (task.type !== 'train-mlp') return pool.run(task, options);
      const { epochCounter: _counter, ...bare } = task;
      return pool.run(bare as T, options);
    },
  });
  return { ...inner, forStage: (stage) => strip(inner.forStage(stage)) };
}

async function run(name: string, poolSet: PoolSet) {
  const events = createEventBus<CampaignEventMap>();
  const progress: CallProgress[] = [];
  events.on('stage:progress', (p) => {
    progress.push(p);
  });
  const loaded = parseConfigText(yaml, join(dir, `${name}.yaml`));
  const featureCacheDir = join(dir, 'features');
  const options = { loaded, stateDir: join(dir, name), resume: false, clock: systemClock, events, featureCacheDir };
  const r = await runCampaign({ ...options, pools: poolSet, log: () => {} });
  return { r, progress };
}

describe('a network campaign counts its epochs', () => {
  it(
    'reports epochs k/K in train, and its rounds are those of the campaign without the counter',
    { timeout: 600_000 },
    async () => {
      const counted = await run('counted', pools);
      const plain = await run('plain', withoutCounters(pools));
      expect(counted.r.status).toBe('done');
      const train = counted.progress.filter((p) => p.kind === 'train');
      expect(train.length).toBeGreaterThan(0);
      for (const p of train) expect(p.steps).toMatchObject({ perItem: 20, items: 2 });
      const last = train.at(-1)!.steps!;
      expect(last.ended).toBe(2);
      expect(last.done).toBe(last.total);
      expect(last.done).toBeGreaterThan(0);
      expect(plain.progress.filter((p) => p.kind === 'train' && (p.steps?.done ?? 0) > 0)).toEqual([]);
      const rounds = (x: typeof counted) =>
        x.r.summary.history.map((h) => ({ labeled: h.labeled, metrics: h.metrics }));
      expect(rounds(counted)).toEqual(rounds(plain));
      expect(counted.r.summary.history).toHaveLength(2);
    },
  );
});
