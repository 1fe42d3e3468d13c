import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { remainingBudget } from '../../../src/campaign/stages/prune-pool.js';
import { explore } from '../../../src/campaign/stages/explore.js';
import type { ExploreInput } from '../../../src/machine/campaign-types.js';
import { createPruneStore } from '../../../src/state/prune-file.js';
import { configFrom, fakeSurrogate, harness, signal } from './fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Pool of 12 labeled by the oracle as 10 * row; 0, 10 and 11 labeled; the model predicts 10 * row with
 * std 1. With `predicted`, those three were chosen on predictions 10 * row - error (std 1).
 */
const input = (generation: number, labeled = [0, 10, 11], error: number | null = null): ExploreInput => ({
  generation,
  labeled,
  labels: labeled.map((i) => i * 10),
  invalid: [],
  test: [],
  modelKey: 'model-a',
  ...(error === null ? {} : { predicted: labeled.map((i) => i * 10 - error), predictedStd: labeled.map(() => 1) }),
});

function prunedHarness(folder: string, prune: string, generations = 2) {
  const surrogate = fakeSurrogate(
    (row) => row * 10,
    () => 1,
  );
  const config = configFrom(
    `acquisition: { strategy: greedy, prune: { min_hit_probability: 0.05, ${prune} } }\n` +
      `campaign: { batch: 1, top_k: 2, generations: ${generations} }`,
  );
  const h = harness({ molecules: 12, config, surrogate });
  h.models.put('model-a', surrogate.decode(new Uint8Array()));
  return { ...h, deps: { ...h.deps, prune: createPruneStore(folder) } };
}

describe('explore with acquisition.prune', () => {
  it('drops the molecules that cannot beat the l-th best label from later rounds, and says how many remain', async () => {
    const h = prunedHarness(join(dir, 'known'), 'uncertainty: model, floor: 1');
    // The 2nd best label is 100; rows 1..8 (means 10..80, std 1) have P < 0.05 of beating it. Row 9, the
    // best mean, is this round's batch: never pruned, counted in neither number. One batch (generation 2)
    // remains: the floor keeps 1 x 1 molecule, the most probable (row 8).
    const out = await explore(h.deps, input(1), signal());
    expect(out.acquired).toEqual([9]);
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 7, pool_remaining: 1, kept_by_floor: 1 });
    expect(h.stageEvents[0]?.detail).toMatchObject({ prune_threshold: 100, prune_floor: 1 });
    // The next round predicts only what is left.
    const next = await explore(h.deps, input(2, [0, 10, 11, 9]), signal());
    expect(h.surrogate.predicted[1]?.rows).toEqual([8]);
    expect(next.acquired).toEqual([8]);
  });

  it('prunes nothing until the model has been seen to err (calibrated), then scales the std to its errors', async () => {
    const h = prunedHarness(join(dir, 'calibrated'), 'floor: 1', 5);
    // No prediction at acquisition has a label yet: no honest probability, nothing pruned.
    await explore(h.deps, input(1), signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 0, pool_remaining: 8 });
    expect(h.stageEvents[0]?.detail).not.toHaveProperty('prune_std_scale');
    // Errors of 30 against std 1: scale 30, so row 8 (mean 80, std 30) has P(y > 100) = 1 - Phi(2/3) =
    // 0.25 and stays, as do 7 (0.16) and 6 (0.09); 5 (0.048) and below are pruned.
    const g = prunedHarness(join(dir, 'calibrated-2'), 'floor: 1');
    await explore(g.deps, input(1, [0, 10, 11], 30), signal());
    expect(g.stageEvents[0]?.detail).toMatchObject({
      pruned: 5,
      pool_remaining: 3,
      prune_std_scale: 30,
      prune_min_std: 30,
    });
  });

  it("keeps the std of a confident part of the pool at the errors' RMS, which the scale alone cannot", async () => {
    // A forest's case: the batch it chose had a large spread (30) that matched its errors (30), so the
    // scale is 1, while the rest of the pool has a spread of 1 (the trees agree where no data is). The
    // scale alone would prune rows 1..7 on std 1 (the floor keeps 8); the errors' RMS as the least std
    // keeps 8, 7 and 6 as the homoscedastic case below does.
    const h = prunedHarness(join(dir, 'rms-bound'), 'floor: 1');
    const wide: ExploreInput = { ...input(1, [0, 10, 11], 30), predictedStd: [30, 30, 30] };
    await explore(h.deps, wide, signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 5, pool_remaining: 3, prune_std_scale: 1 });
    expect(h.stageEvents[0]?.detail).toMatchObject({ prune_min_std: 30 });
    // The model's own std (no calibration, no bound) prunes all but the floor.
    const raw = prunedHarness(join(dir, 'rms-bound-model'), 'uncertainty: model, floor: 1');
    await explore(raw.deps, wide, signal());
    expect(raw.stageEvents[0]?.detail).toMatchObject({ pruned: 7, pool_remaining: 1, prune_min_std: 0 });
  });

  it('keeps floor x the remaining budget, and never more than the pool has', async () => {
    // Generations 5: after generation 1, 4 batches of 1 remain; floor 1.5 keeps 6 of the 8 left.
    const h = prunedHarness(join(dir, 'floor'), 'uncertainty: model, floor: 1.5', 5);
    await explore(h.deps, input(1), signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 2, pool_remaining: 6, prune_floor: 6 });
    const config = configFrom('campaign: { batch: 0.25, generations: 5, budget: 7 }');
    // Batches of 3 (0.25 of 12) in generations 3..5: 9, capped by the 7 - 3 calls left after this one.
    expect(remainingBudget(config, { generation: 2, callsLeft: 7 }, 3, 12)).toBe(4);
    expect(remainingBudget(config, { generation: 2, callsLeft: null }, 3, 12)).toBe(9);
    expect(remainingBudget(config, { generation: 5, callsLeft: null }, 3, 12)).toBe(0);
  });

  it('resumes from the file of the round before and writes the same pruned pool again', async () => {
    const folder = join(dir, 'resume');
    const h = prunedHarness(folder, 'uncertainty: model, floor: 1', 5);
    // Labels 0, 50, 60: the 2nd best is 50; rows 5..9 (means 50..90) have P >= 0.5, rows 1..4 P ~ 0.
    const mid = (g: number, labeled: number[]): ExploreInput => ({ ...input(g, labeled), labels: [0, 50, 60] });
    await explore(h.deps, mid(1, [0, 5, 6]), signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 4 });
    const file = join(folder, 'after-generation-1.bin');
    const first = readFileSync(file);
    // The same round run again (xstate re-runs an in-flight explore on restore): the same bytes.
    await explore(prunedHarness(folder, 'uncertainty: model, floor: 1', 5).deps, mid(1, [0, 5, 6]), signal());
    expect(readFileSync(file).equals(first)).toBe(true);
    // A fresh process (a resume) reads generation 1's file: rows 1-4 are never predicted again.
    const again = prunedHarness(folder, 'uncertainty: model, floor: 1', 5);
    await explore(again.deps, { ...mid(2, [0, 5, 6]), labeled: [0, 5, 6, 9], labels: [0, 50, 60, 90] }, signal());
    expect(again.surrogate.predicted[0]?.rows).toEqual([7, 8, 10, 11]);
  });

  it('refuses a damaged pruned-pool file, naming it', () => {
    const folder = join(dir, 'damaged');
    const store = createPruneStore(folder);
    store.save(1, new Uint8Array(12));
    writeFileSync(join(folder, 'after-generation-1.bin'), new Uint8Array(12).fill(1));
    expect(() => store.before(2, 12)).toThrow(/after-generation-1\.bin is damaged/);
  });

  it("gives a model without a spread the RMS of its errors at acquisition as every molecule's std", async () => {
    const surrogate = fakeSurrogate(
      (row) => row * 10,
      () => 0,
    );
    const config = configFrom(
      'acquisition: { strategy: greedy, prune: { min_hit_probability: 0.05, floor: 1 } }\n' +
        'campaign: { batch: 1, top_k: 2, generations: 2 }',
    );
    const h = harness({ molecules: 12, config, surrogate });
    h.models.put('model-a', surrogate.decode(new Uint8Array()));
    const deps = { ...h.deps, prune: createPruneStore(join(dir, 'homoscedastic')) };
    // Errors of 30 at acquisition: std 30 for every molecule (the RMS bound; no scale from stds all 0), as
    // the calibrated case above gets from std 1 scaled by 30: rows 8, 7, 6 stay (P 0.25, 0.16, 0.09).
    await explore(deps, input(1, [0, 10, 11], 30), signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 5, pool_remaining: 3, prune_min_std: 30 });
    // Before any labeled prediction at acquisition: nothing to calibrate on, nothing pruned.
    const first = harness({ molecules: 12, config, surrogate });
    first.models.put('model-a', surrogate.decode(new Uint8Array()));
    await explore({ ...first.deps, prune: createPruneStore(join(dir, 'homoscedastic-0')) }, input(1), signal());
    expect(first.stageEvents[0]?.detail).toMatchObject({ pruned: 0 });
  });

  it('needs a std for uncertainty: model, naming both keys, and a floor of at least 1', () => {
    const single = 'model: { kind: mlp, ensemble: 1, dropout: 0 }\n';
    expect(() =>
      configFrom(`${single}acquisition: { prune: { min_hit_probability: 0.05, uncertainty: model } }`),
    ).toThrow(/acquisition\.prune\.uncertainty[\s\S]*model\.ensemble/);
    expect(() => configFrom(`${single}acquisition: { prune: { min_hit_probability: 0.05 } }`)).not.toThrow();
    expect(() => configFrom('acquisition: { strategy: random, prune: { min_hit_probability: 0.05 } }')).toThrow(
      /prune/,
    );
    expect(() => configFrom('acquisition: { prune: { min_hit_probability: 0.05, floor: 0.5 } }')).toThrow(/floor/);
  });
});
