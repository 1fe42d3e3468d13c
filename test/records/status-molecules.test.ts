import { describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import type { CampaignContext } from '../../src/machine/campaign-types.js';
import {
  batchPicks,
  bestMolecules,
  describeLabel,
  labelsByGeneration,
  MAX_BEST,
  MAX_PICKS,
  predictionsAtAcquisition,
} from '../../src/records/status-molecules.js';
import type { StructureDrawer } from '../../src/records/structure-drawer.js';

const config = campaignConfigSchema.parse({
  name: 't',
  dataset: { path: 'data/lib.csv', label_column: 'dock score' },
  objective: 'minimize',
});

/** 40 pool molecules; 30 labeled over generations 0..4 (6 each); one failed call; predictions from g1 on. */
function context(): CampaignContext {
  const labeled = Array.from({ length: 30 }, (_, j) => 39 - j);
  return {
    labeled,
    labels: labeled.map((_, j) => (j === 7 ? null : -5 - ((j * 7) % 11) * 0.5)),
    acquiredIn: labeled.map((_, j) => Math.floor(j / 6)),
    predicted: labeled.map((_, j) => (j < 6 ? null : -5 - j * 0.1)),
    predictedStd: labeled.map((_, j) => (j < 6 ? null : 0.5)),
  } as unknown as CampaignContext;
}

const dataset = {
  path: 'data/lib.csv',
  smiles: Array.from({ length: 40 }, (_, i) => `C${'C'.repeat(i)}O`),
  ids: Array.from({ length: 40 }, (_, i) => `M${i}`),
};
const drawn: string[] = [];
const drawer: StructureDrawer = {
  draw: (smiles) => {
    drawn.push(smiles);
    return `<svg>${smiles.length}</svg>`;
  },
  ready: () => Promise.resolve(),
  beginPage: () => undefined,
};

describe('the molecules of the status page', () => {
  const s = { config, dataset, context: context(), drawer };

  it('ranks the best by the objective (lowest first when minimizing), failed calls left out', () => {
    const best = bestMolecules(s);
    expect(best.length).toBe(Math.min(MAX_BEST, 29));
    const labels = best.map((m) => m.label as number);
    expect([...labels].sort((a, b) => a - b)).toEqual(labels);
    expect(best.some((m) => m.label === null)).toBe(false);
    // Ties keep acquisition order; each carries its prediction, generation and drawing.
    const first = best[0];
    expect(first?.label).toBe(-10);
    // j = 3 (3 * 7 % 11 = 10) of the random first batch: no prediction; then j = 14, predicted.
    expect(first).toMatchObject({ id: 'M36', generation: 0, predicted: null, predictedStd: null });
    expect(best[1]).toMatchObject({ id: 'M25', label: -10, generation: 2, predictedStd: 0.5 });
    expect(best[1]?.predicted).toBeCloseTo(-6.4, 12);
    expect(first?.svg).toBe(`<svg>${dataset.smiles[36]?.length}</svg>`);
  });

  it('shows the picks of the last 3 generations, newest first, best predicted first', () => {
    const picks = batchPicks(s);
    expect(picks.map((p) => p.generation)).toEqual([4, 3, 2]);
    const g4 = picks[0]?.molecules ?? [];
    expect(g4.length).toBeLessThanOrEqual(MAX_PICKS);
    const want = [-7.9, -7.8, -7.7, -7.6, -7.5, -7.4];
    expect(g4).toHaveLength(want.length);
    g4.forEach((m, k) => expect(m.predicted).toBeCloseTo(want[k] as number, 9));
  });

  it('keeps every labeled molecule predicted before labeling, and the labels by generation', () => {
    const p = predictionsAtAcquisition(s);
    expect(p).toHaveLength(24 - 1); // generations 1..4, less the failed call
    expect(p[0]).toMatchObject({ generation: 1, id: 'M33', std: 0.5 });
    const l = labelsByGeneration(s.context);
    expect(l).toHaveLength(29);
    expect(l.filter((x) => x.generation === 0)).toHaveLength(6);
  });

  it('names the label and where it comes from', () => {
    expect(describeLabel(config, 'data/lib.csv')).toEqual({
      name: 'dock score',
      source: 'column "dock score" of lib.csv',
    });
    const builtin = campaignConfigSchema.parse({ name: 't', dataset: { builtin: 'amide-library' } });
    expect(describeLabel(builtin, 'x').name).toBe('desirability');
  });
});
