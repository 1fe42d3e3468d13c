/**
 * A sweep's runs write their views (db.json, summary.json, explored.csv) only at the end and share the
 * manifest's digests and the drawings: through the real pool, the files they leave must be the ones a
 * campaign run alone leaves, and a run killed before any view was written must resume to the same end.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { runCampaign, type RunCampaignOptions } from '../../src/campaign/run-campaign.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import { systemClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';
import { createSharedInputs, type SharedInputs } from '../../src/sweep/shared-inputs.js';
import { readManifest } from '../../src/state/manifest.js';

const YAML = `seed: 5
dataset: { builtin: amide-library, subsample: 100 }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 10, max_depth: 6 }
acquisition: { strategy: ucb }
campaign: { initial: 10, batch: 8, generations: 3, top_k: 5, test_fraction: 0, patience: 0 }
`;

let pools: PoolSet;
let shared: SharedInputs;
const dir = mkdtempSync(join(tmpdir(), 'alcove-round-views-'));
beforeAll(async () => {
  const loaded = parseConfigText(YAML, join(dir, 'c.yaml'));
  pools = createPoolSet(loaded.config.limits, 2);
  shared = await createSharedInputs(join(dir, 'sweep'), 'amide-library');
}, 120_000);
afterAll(async () => {
  await pools.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(name: string, extra: Partial<RunCampaignOptions> = {}, resume = false) {
  const stateDir = join(dir, name);
  return runCampaign({
    loaded: parseConfigText(YAML, join(dir, 'c.yaml')),
    stateDir,
    resume,
    pools,
    clock: systemClock,
    log: () => undefined,
    liveRefresh: false,
    ...extra,
  });
}

const asSweepRun = (name: string): Partial<RunCampaignOptions> => {
  shared.prepareRun(join(dir, name));
  return { roundViews: false, shared: shared.campaign };
};
const read = (name: string, file: string) => readFileSync(join(dir, name, file), 'utf8');
/** What may differ between two runs of one campaign: its folder's name, its clock times, the seconds stages took. */
const timeless = (value: unknown, name: string): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll(`/${name}/`, '/RUN/'), (key, v: unknown) =>
    key === 'seconds' || key === 'savedAt' || key === 'created_at' ? undefined : v,
  );
const json = (name: string, file: string) => timeless(JSON.parse(read(name, file)), name);
const contextOf = (name: string) => (json(name, 'state.json') as { snapshot: { context: unknown } }).snapshot.context;

describe('views at the end only (a sweep run)', () => {
  it('leaves the same views, checkpoint and manifested files as a campaign with round views', async () => {
    const alone = await run('alone');
    const swept = await run('swept', asSweepRun('swept'));
    expect(swept.status).toBe('done');
    expect(timeless(swept.summary, 'swept')).toEqual(timeless(alone.summary, 'alone'));
    expect(json('swept', 'summary.json')).toEqual(json('alone', 'summary.json'));
    expect(json('swept', 'db.json')).toEqual(json('alone', 'db.json'));
    expect(read('swept', 'explored.csv')).toBe(read('alone', 'explored.csv'));
    expect(contextOf('swept')).toEqual(contextOf('alone'));
    const files = (name: string) =>
      readManifest(join(dir, name))
        .files.map((f) => f.path)
        .filter((p) => !p.startsWith('artifacts/amide-library') && p !== 'plotly.min.js');
    expect(files('swept')).toEqual(files('alone'));
  }, 120_000);

  it('a run stopped before any view was written resumes to the same end', async () => {
    const abort = new AbortController();
    const events = createEventBus<CampaignEventMap>();
    events.on('round:end', ({ round }) => {
      if (round.generation === 1) abort.abort();
    });
    const first = await run('killed', { ...asSweepRun('killed'), events, signal: abort.signal });
    expect(first.status).toBe('interrupted');
    // As if killed: an interrupted run writes its views on the way out, a killed one never did.
    for (const f of ['db.json', 'summary.json', 'explored.csv']) rmSync(join(dir, 'killed', f));
    const resumed = await run('killed', asSweepRun('killed'), true);
    expect(resumed.status).toBe('done');
    expect(existsSync(join(dir, 'killed', 'summary.json'))).toBe(true);
    expect(json('killed', 'summary.json')).toEqual(json('alone', 'summary.json'));
    expect(json('killed', 'db.json')).toEqual(json('alone', 'db.json'));
    expect(read('killed', 'explored.csv')).toBe(read('alone', 'explored.csv'));
  }, 120_000);
});
