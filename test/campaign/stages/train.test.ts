import { describe, expect, it } from 'vitest';
import { train, trainSeed } from '../../../src/campaign/stages/train.js';
import { isAlcoveError } from '../../../src/shared/errors.js';
import { deriveSeed } from '../../../src/shared/rng.js';
import { configFrom, harness, signal } from './fakes.js';

const config = configFrom('seed: 42\ncampaign: { generations: 5 }');

describe('train stage', () => {
  it('trains on the labeled rows (failed oracle calls left out) with the seed derived for the generation', async () => {
    const h = harness({ config });
    const s = signal();
    const out = await train(h.deps, { generation: 2, labeled: [3, 1, 4, 2], labels: [0.5, null, 2, 1] }, s);
    expect(h.surrogate.trained).toHaveLength(1);
    const set = h.surrogate.trained[0]?.set;
    expect(set?.rows).toEqual([3, 4, 2]);
    expect(set?.y).toEqual([0.5, 2, 1]);
    expect(set?.featuresKey).toBe('features-key');
    expect(set?.X).toBe(h.features.matrix);
    // The seed stream of the first version: model keys of existing state folders depend on it.
    expect(set?.seed).toBe(deriveSeed(42, 'forest', 2));
    expect(trainSeed(42, 2)).not.toBe(trainSeed(42, 3));
    expect(h.surrogate.trained[0]?.exec.generation).toBe(2);
    expect(h.executor.opened).toEqual([{ generation: 2, signal: s }]);
    // The model is stored under the surrogate's key for that set.
    expect(out.modelKey).toBe(h.surrogate.modelKey(set!));
    expect(h.models.has(out.modelKey)).toBe(true);
    expect(h.stageEvents.map((e) => e.detail)).toEqual([{ rows: 3, trees: 7, model: 'trained', train_ms: 0 }]);
  });

  it('reuses the model trained on the same set (a re-run after a restore) instead of training again', async () => {
    const h = harness({ config });
    const input = { generation: 1, labeled: [0, 5], labels: [1, 2] };
    const first = await train(h.deps, input, signal());
    const again = await train(h.deps, input, signal());
    expect(again.modelKey).toBe(first.modelKey);
    expect(h.surrogate.trained).toHaveLength(1);
    expect(h.stageEvents[1]?.detail).toMatchObject({ model: 'reused', train_ms: 0 });
  });

  it('measures the training on the clock', async () => {
    const h = harness({ config });
    const surrogate = {
      ...h.surrogate,
      train: async (...args: Parameters<typeof h.surrogate.train>) => {
        h.clock.advance(250);
        return h.surrogate.train(...args);
      },
    };
    const out = await train({ ...h.deps, surrogate }, { generation: 1, labeled: [0], labels: [1] }, signal());
    expect(out.seconds).toBe(0.25);
    expect(h.stageEvents[0]).toMatchObject({ ms: 250, detail: { train_ms: 250 } });
  });

  it('hands the surrogate an injector that adds the generation', async () => {
    const seen: unknown[][] = [];
    const h = harness({
      config,
      injectTrain: (generation, items, attempt) => {
        seen.push([generation, items, attempt]);
        return { hangMs: 1 };
      },
    });
    await train(h.deps, { generation: 4, labeled: [0], labels: [1] }, signal());
    const inject = h.surrogate.trained[0]?.inject;
    expect(inject?.([0, 1], 1)).toEqual({ hangMs: 1 });
    expect(seen).toEqual([[4, [0, 1], 1]]);
  });

  it('fails when no labeled molecule has a label', async () => {
    const h = harness({ config });
    const error: unknown = await train(
      h.deps,
      { generation: 1, labeled: [0, 1], labels: [null, null] },
      signal(),
    ).catch((e: unknown) => e);
    expect(isAlcoveError(error) && error.code).toBe('ORACLE_FAILED');
    expect(h.surrogate.trained).toHaveLength(0);
  });

  it('trains no model after the budget when no held-out set needs one', async () => {
    const h = harness({ config });
    const out = await train(h.deps, { generation: 5, labeled: [0, 1], labels: [1, 2] }, signal());
    expect(out.modelKey).toBe('none:5');
    expect(h.surrogate.trained).toHaveLength(0);
    expect(h.stageEvents[0]?.detail).toEqual({ rows: 2, trees: 0, model: 'not needed', train_ms: 0 });
  });

  it('still trains after the budget when a held-out set is evaluated', async () => {
    const h = harness({ config: configFrom('campaign: { generations: 5, test_fraction: 0.2 }') });
    const out = await train(h.deps, { generation: 5, labeled: [0, 1], labels: [1, 2] }, signal());
    expect(out.modelKey).not.toBe('none:5');
    expect(h.surrogate.trained).toHaveLength(1);
  });
});
