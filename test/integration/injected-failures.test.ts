/**
 * A campaign with injected OOM, timeouts, malformed molecules and oracle failures still finishes, with
 * the retries recorded; where the injected failure was recovered, its results equal those of the same
 * campaign without injection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createPoolSet } from '../../src/pool/pool-set.js';
import { runCampaign } from '../../src/campaign/run-campaign.js';
import type { AttemptRecord } from '../../src/events/attempt-record.js';
import { systemClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-inject-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `seed: 11
dataset: { builtin: amide-library, subsample: 500 }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 16, max_depth: 6 }
acquisition: { strategy: greedy }
campaign: { initial: 40, batch: 30, generations: 3, test_fraction: 0.1 }
limits:
  featurize: { memory_mb: 128, retries: 2 }
  train: { timeout_s: 3, retries: 2 }
`;

async function run(name: string, extra: string) {
  const loaded = parseConfigText(BASE + extra, join(dir, `${name}.yaml`));
  const pools = createPoolSet(loaded.config.limits, 2);
  const attempts: AttemptRecord[] = [];
  const events = createEventBus<CampaignEventMap>();
  events.on('attempt:end', ({ record }) => void attempts.push(record));
  try {
    const result = await runCampaign({
      loaded,
      stateDir: join(dir, name),
      resume: false,
      pools,
      clock: systemClock,
      events,
    });
    return { ...result, attempts };
  } finally {
    await pools.close();
  }
}

const science = (history: readonly { generation: number; labeled: number; metrics: unknown }[]) =>
  history.map(({ generation, labeled, metrics }) => ({ generation, labeled, metrics }));

describe('failure injection', () => {
  it('recovers injected OOM and train timeouts with results identical to a clean run', async () => {
    const clean = await run('clean', '');
    const injected = await run('injected', 'inject: { featurize_oom: 1, train_timeout: 0.5 }\n');
    expect(clean.status).toBe('done');
    expect(injected.status).toBe('done');
    expect(science(injected.summary.history)).toEqual(science(clean.summary.history));
    expect(injected.context.labeled).toEqual(clean.context.labeled);

    const byClass = (cls: string, kind: string) => injected.attempts.filter((a) => a.class === cls && a.kind === kind);
    expect(byClass('oom', 'featurize').length).toBeGreaterThan(0);
    expect(byClass('timeout', 'train').length).toBeGreaterThan(0);
    // Every failed attempt was followed by successful retries of its items.
    expect(injected.attempts.filter((a) => a.attempt > 1 && a.class === 'ok').length).toBeGreaterThan(0);
    expect(clean.attempts.every((a) => a.class === 'ok' && a.attempt === 1)).toBe(true);
  });

  it('drops malformed molecules and fails oracle calls, and still finishes', async () => {
    const r = await run('malformed', 'inject: { malformed_molecules: 4, oracle_failure_rate: 0.2 }\n');
    expect(r.status).toBe('done');
    expect(r.summary.dataset.invalid).toBe(4);
    expect(r.attempts.filter((a) => a.class === 'bad_input').length).toBeGreaterThan(0);
    expect(r.summary.oracle_failures).toBeGreaterThan(0);
    expect(r.summary.oracle_failures).toBeLessThan(r.summary.oracle_calls * 0.4);
  });

  it('fails the campaign, checkpointed, when a batch fails more than failures.max_rate', async () => {
    const r = await run('too-many', 'inject: { oracle_failure_rate: 0.9 }\n');
    expect(r.status).toBe('failed');
    expect(r.summary.error?.message).toMatch(/oracle calls failed in generation 0/);
  });
});
