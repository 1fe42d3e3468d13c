/**
 * A small real campaign with each model kind, through the real worker pool, in process: the built-in
 * amide library (300 molecules), RDKit features, a few generations. Each kind must train, predict and
 * acquire; the train stage reports what it trained.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign/run-campaign.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import { systemClock } from '../../src/shared/clock.js';

let pools: PoolSet;
const dir = mkdtempSync(join(tmpdir(), 'alcove-kinds-'));
beforeAll(() => {
  pools = createPoolSet(parseConfigText('dataset: { builtin: amide-library }', 'x.yaml').config.limits, 2);
});
afterAll(async () => {
  await pools.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(name: string, lines: string) {
  const yaml = `seed: 5
dataset: { builtin: amide-library, subsample: 300 }
campaign: { initial: 30, batch: 30, generations: 2, top_k: 10, test_fraction: 0.1 }
${lines}
`;
  const loaded = parseConfigText(yaml, join(dir, `${name}.yaml`));
  return runCampaign({ loaded, stateDir: join(dir, name), resume: false, pools, clock: systemClock, log: () => {} });
}

const cases: [string, string][] = [
  ['random-forest', 'featurizer: { kind: morgan, bits: 1024 }\nmodel: { kind: random-forest, trees: 20 }'],
  ['ml-random-forest', 'featurizer: { kind: descriptors }\nmodel: { kind: ml-random-forest, trees: 10, max_depth: 5 }'],
  ['mlp', 'featurizer: { kind: morgan, bits: 1024 }\nmodel: { kind: mlp, hidden: [32], epochs: 20 }'],
  [
    'mlp-ensemble-ucb',
    'featurizer: { kind: morgan, bits: 1024 }\nmodel: { kind: mlp, hidden: [32], epochs: 20, ensemble: 3 }\n' +
      'acquisition: { strategy: ucb, beta: 1 }',
  ],
];

describe('each model kind in a real campaign', () => {
  it.each(cases)('%s', async (name, lines) => {
    const r = await run(name, lines);
    expect(r.status).toBe('done');
    expect(r.summary.history.map((h) => h.labeled)).toEqual([30, 60, 90]);
    const last = r.summary.history.at(-1)!.metrics;
    expect(last.topk_scores).toBeGreaterThanOrEqual(0);
    // The held-out fit comes from the model's predictions: finite numbers, not gaps.
    for (const key of ['rmse', 'r2', 'spearman']) expect(Number.isFinite(last[key])).toBe(true);
  });
});
