import { describe, expect, it } from 'vitest';
import { featurize } from '../../../src/campaign/stages/featurize.js';
import { fakeFeatures, harness, signal } from './fakes.js';

describe('featurize stage', () => {
  it('marks the molecules without features invalid, in index order', async () => {
    const h = harness({ molecules: 6, invalid: [4, 1] });
    const s = signal();
    const out = await featurize(h.deps, { generation: 3 }, s);
    expect(out.invalid).toEqual([1, 4]);
    // The features are loaded in the stage's own context: its generation, under its signal.
    expect(h.executor.opened).toEqual([{ generation: 3, signal: s }]);
    expect(h.features.loads).toHaveLength(1);
    expect(h.features.loads[0]?.generation).toBe(3);
  });

  it('reports the molecules, the invalid ones, the cache and the time the load took', async () => {
    const h = harness({ molecules: 5 });
    const features = fakeFeatures(5, [0, 2, 3], { fromCache: true, ms: 1_500, clock: h.clock });
    const out = await featurize({ ...h.deps, features }, { generation: 0 }, signal());
    expect(out).toEqual({ invalid: [0, 2, 3], seconds: 1.5 });
    expect(h.stageEvents).toEqual([
      {
        stage: 'featurize',
        generation: 0,
        ms: 1_500,
        detail: { molecules: 5, invalid: 3, cache: 'hit', featurize_ms: 1_500 },
      },
    ]);
  });

  it('says computed when the features were not in the cache, and finds none invalid in a clean pool', async () => {
    const h = harness({ molecules: 4 });
    const out = await featurize(h.deps, { generation: 1 }, signal());
    expect(out.invalid).toEqual([]);
    expect(h.stageEvents[0]?.detail).toMatchObject({ invalid: 0, cache: 'computed' });
  });
});
