import { describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import type { CampaignContext } from '../../src/machine/campaign-types.js';
import {
  batchPicks,
  bestMolecules,
  describeLabel,
  heldOutPredictions,
  labelsByGeneration,
  MAX_BEST,
  MAX_PICKS,
  predictionsAtAcquisition,
} from '../../src/records/status-molecules.js';
import type { StructureDrawer } from '../../src/records/structure-drawer.js';
import { MAX_PARITY_POINTS } from '../../src/dashboard/model-plots.js';

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

describe('the held-out predictions of the status page', () => {
  /** Held out: molecules 0..4, 2's label failed, 4 not predicted (non-finite), generation 3's model. */
  const withHeldOut = (heldOut: CampaignContext['heldOut']): CampaignContext => ({
    ...context(),
    test: [0, 1, 2, 3, 4],
    testLabels: [-6, -7, null, -8, -9],
    ...(heldOut === undefined ? {} : { heldOut }),
  });

  it('pairs each held-out label with its prediction, leaving out failed labels and missing predictions', () => {
    const heldOut = { generation: 3, mean: [-6.5, -7.2, null, -7.9, null], std: [0.4, null, null, 0.3, null] };
    expect(heldOutPredictions({ config, dataset, context: withHeldOut(heldOut) })).toEqual({
      size: 5,
      generation: 3,
      predicted: 3,
      points: [
        { generation: 3, label: -6, predicted: -6.5, std: 0.4, id: 'M0' },
        { generation: 3, label: -7, predicted: -7.2, std: null, id: 'M1' },
        { generation: 3, label: -8, predicted: -7.9, std: 0.3, id: 'M3' },
      ],
    });
  });

  it('has nothing to show yet for a checkpoint written before held-out predictions were kept', () => {
    const older = heldOutPredictions({ config, dataset, context: withHeldOut(undefined) });
    expect(older).toEqual({ size: 5, generation: null, predicted: 0, points: [] });
    expect(heldOutPredictions({ config, dataset, context: { ...withHeldOut(null), test: [], testLabels: [] } })).toBe(
      undefined,
    );
  });

  it('caps the points of a large held-out set, an even stride, counting them all', () => {
    const n = 5000;
    const big = {
      ...context(),
      test: Array.from({ length: n }, (_, i) => i % 40),
      testLabels: Array.from({ length: n }, (_, i) => i),
      heldOut: {
        generation: 1,
        mean: Array.from({ length: n }, (_, i) => i + 1),
        std: Array.from({ length: n }, () => 1),
      },
    } as CampaignContext;
    const out = heldOutPredictions({ config, dataset, context: big });
    expect(out?.predicted).toBe(n);
    expect(out?.points).toHaveLength(MAX_PARITY_POINTS);
    expect(out?.points.map((p) => p.label).slice(0, 3)).toEqual([0, 3, 6]);
  });
});
