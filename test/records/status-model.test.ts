import { describe, expect, it } from 'vitest';
import { campaignConfigSchema } from '../../src/config/campaign-schema.js';
import type { CampaignContext, RoundRecord } from '../../src/machine/campaign-types.js';
import { buildStatusInput, type StatusSources } from '../../src/records/status-model.js';

const round = (generation: number, labeled: number): RoundRecord => ({
  generation,
  labeled,
  metrics: { r2: 0.5 + generation / 10, topk_scores: generation / 10, topk_smiles: generation / 10, batch_rmse: 1 },
  seconds: { featurize: 1, train: 1, evaluate: 1, explore: 1 },
});

function sources(raw: Record<string, unknown>): StatusSources {
  const config = campaignConfigSchema.parse({
    name: 't',
    dataset: { path: 'lib.csv', label_column: 'y' },
    campaign: { initial: 10, batch: 10, generations: 2, test_fraction: 0.2 },
    ...raw,
  });
  const labeled = Array.from({ length: 20 }, (_, i) => i);
  const context = {
    generation: 1,
    labeled,
    labels: labeled.map((i) => i / 2),
    acquiredIn: labeled.map((i) => (i < 10 ? 0 : 1)),
    predicted: labeled.map((i) => (i < 10 ? null : i / 2 + 0.1)),
    predictedStd: labeled.map((i) => (i < 10 ? null : 0.2)),
    invalid: [],
    test: Array.from({ length: 20 }, (_, i) => 80 + i),
    testLabels: [],
    history: [round(0, 10), round(1, 20)],
    stopReason: null,
    error: null,
  } as unknown as CampaignContext;
  return {
    config,
    configFile: 'c.yaml',
    dataset: {
      path: 'lib.csv',
      smiles: Array.from({ length: 100 }, () => 'CCO'),
      ids: Array.from({ length: 100 }, (_, i) => `m${i}`),
    },
    context,
    state: 'train',
    status: 'running',
    startedAt: 0,
    now: 1000,
    audit: [],
  };
}

describe('buildStatusInput: the headline that fits the campaign', () => {
  it('heads a greedy screening campaign by the top-k found, with the random baseline', () => {
    const input = buildStatusInput(sources({ acquisition: { strategy: 'greedy' } }));
    expect(input.headline).toBe('topk_scores');
    // Random acquisition finds on average the share of the (80-molecule) acquirable pool it labeled.
    expect(input.randomBaseline).toEqual([10 / 80, 20 / 80]);
    expect(input.history[0]?.metrics.topk_scores).toBe(0);
  });

  it('heads uncertainty sampling by R² on the held-out set, without a top-k or a baseline', () => {
    const input = buildStatusInput(sources({ acquisition: { strategy: 'uncertainty' } }));
    expect(input.headline).toBe('r2');
    expect(input.randomBaseline).toEqual([null, null]);
    expect(Object.keys(input.history[1]?.metrics ?? {}).sort()).toEqual(['batch_rmse', 'r2']);
  });

  it('carries the predictions at acquisition, the labels by generation and what the label is', () => {
    const input = buildStatusInput(sources({}));
    expect(input.predictions).toHaveLength(10);
    expect(input.predictions?.[0]).toEqual({ generation: 1, label: 5, predicted: 5.1, std: 0.2, id: 'm10' });
    expect(input.labels).toHaveLength(20);
    expect(input.label).toEqual({ name: 'y', source: 'column "y" of lib.csv' });
    expect(input.best[0]).toMatchObject({ id: 'm19', label: 9.5, generation: 1, svg: null });
    expect(input.picks?.map((p) => p.generation)).toEqual([1, 0]);
    expect(input.startup).toBeNull();
  });

  it("carries the held-out set's latest predictions, and none in a checkpoint from before they were kept", () => {
    const base = sources({});
    const test = base.context.test;
    const context = {
      ...base.context,
      testLabels: test.map((i) => i / 10),
      heldOut: { generation: 1, mean: test.map((i) => i / 10 + 0.5), std: test.map(() => 0.3) },
    } as CampaignContext;
    const input = buildStatusInput({ ...base, context });
    expect(input.heldOut).toMatchObject({ size: 20, generation: 1, predicted: 20 });
    expect(input.heldOut?.points[0]).toEqual({ generation: 1, label: 8, predicted: 8.5, std: 0.3, id: 'm80' });
    // The fixture's context has no `heldOut` (and its held-out labels are unknown): nothing yet.
    expect(buildStatusInput(base).heldOut).toEqual({ size: 20, generation: null, predicted: 0, points: [] });
    const noTest = { ...base.context, test: [], testLabels: [] } as CampaignContext;
    expect(buildStatusInput({ ...base, context: noTest }).heldOut).toBeUndefined();
  });
});
