import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explore } from '../../src/campaign/stages/explore.js';
import type { ExploreInput } from '../../src/machine/campaign-types.js';
import { createPruneStore } from '../../src/state/prune-file.js';
import { hitProbability, hitThreshold, pruneCandidates } from '../../src/strategies/prune.js';
import { configFrom, fakeSurrogate, harness, signal } from '../campaign/stages/fakes.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-prune-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hit probability and pruning', () => {
  it('is the normal tail above the k-th best label', () => {
    expect(hitThreshold([5, 1, 9, 7], 2)).toBe(7);
    expect(hitThreshold([5, 1], 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(hitProbability(7, 1, 7)).toBeCloseTo(0.5, 12);
    expect(hitProbability(5, 1, 7)).toBeCloseTo(0.02275, 5); // 1 - Phi(2)
    expect(hitProbability(8, 0, 7)).toBe(1);
    expect(hitProbability(6, 0, 7)).toBe(0);
  });

  it('prunes the candidates below the minimum, and nothing before there are k labels', () => {
    const candidates = Int32Array.from([2, 3, 5, 8]);
    const mean = Float64Array.from([5, 6.5, 1, 9]);
    const std = Float64Array.from([1, 1, 3, 0]);
    const input = { candidates, mean, std, threshold: 7, minHitProbability: 0.05 };
    // P: 0.023 (pruned), 0.31, 1 - Phi(2) = 0.023 (pruned), 1.
    expect(Array.from(pruneCandidates(input))).toEqual([2, 5]);
    expect(pruneCandidates({ ...input, threshold: Number.NEGATIVE_INFINITY })).toHaveLength(0);
  });
});

/** Pool of 12; 0, 10 and 11 labeled with 0, 100 and 110; the model predicts 10 * row, std 1. */
const input = (generation: number, labeled = [0, 10, 11]): ExploreInput => ({
  generation,
  labeled,
  labels: labeled.map((i) => i * 10),
  invalid: [],
  test: [],
  modelKey: 'model-a',
});

function prunedHarness(folder: string) {
  const surrogate = fakeSurrogate(
    (row) => row * 10,
    () => 1,
  );
  const config = configFrom(
    'acquisition: { strategy: greedy, prune: { min_hit_probability: 0.05 } }\n' + 'campaign: { batch: 1, top_k: 2 }',
  );
  const h = harness({ molecules: 12, config, surrogate });
  h.models.put('model-a', surrogate.decode(new Uint8Array()));
  return { ...h, deps: { ...h.deps, prune: createPruneStore(folder) } };
}

describe('explore with acquisition.prune', () => {
  it('drops the molecules that cannot beat the top-k threshold from later rounds, and says how many remain', async () => {
    const folder = join(dir, 'run');
    const h = prunedHarness(folder);
    // The 2nd best label is 100; rows 1..9 (means 10..90, std 1) have P < 0.05 of beating it. Row 9, the
    // best mean, is this round's batch: it is labeled, so it counts in neither number.
    const out = await explore(h.deps, input(1), signal());
    expect(out.acquired).toEqual([9]);
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 8, pool_remaining: 0 });
    // The next round predicts none of the pruned molecules.
    const next = await explore(h.deps, input(2, [0, 10, 11, 9]), signal());
    expect(h.surrogate.predicted[1]?.rows).toEqual([]);
    expect(next.acquired).toEqual([]);
  });

  it('keeps the molecules that may still beat it, and resumes from the file of the round before', async () => {
    const folder = join(dir, 'resume');
    const h = prunedHarness(folder);
    // Labels 0, 50, 60: the 2nd best is 50; rows 5..9 (means 50..90) have P >= 0.5, rows 1..4 P ~ 0.
    const mid = (g: number, labeled: number[]): ExploreInput => ({ ...input(g, labeled), labels: [0, 50, 60] });
    await explore(h.deps, mid(1, [0, 5, 6]), signal());
    expect(h.stageEvents[0]?.detail).toMatchObject({ pruned: 4 });
    // A fresh process (a resume) reads generation 1's file: rows 1-4 are never predicted again.
    const again = prunedHarness(folder);
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

  it('needs uncertainty and the model, naming both keys', () => {
    expect(() =>
      configFrom(
        'model: { kind: mlp, ensemble: 1, dropout: 0 }\nacquisition: { prune: { min_hit_probability: 0.05 } }',
      ),
    ).toThrow(/acquisition\.prune[\s\S]*model\.ensemble/);
    expect(() => configFrom('acquisition: { strategy: random, prune: { min_hit_probability: 0.05 } }')).toThrow(
      /prune/,
    );
  });
});
