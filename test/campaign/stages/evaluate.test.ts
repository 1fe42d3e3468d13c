import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/campaign/stages/evaluate.js';
import type { EvaluateInput } from '../../../src/machine/campaign-types.js';
import { regressionMetrics } from '../../../src/strategies/metrics.js';
import { configFrom, fakeSurrogate, harness, signal } from './fakes.js';

/** A pool of 10: molecule 9 is invalid, 5..8 are held out (6's label failed), 7, 0 and 3 are labeled. */
const input: EvaluateInput = {
  generation: 2,
  modelKey: 'model-a',
  labeled: [7, 0, 3],
  labels: [70, 0, 30],
  invalid: [9],
  test: [5, 6, 8],
  testLabels: [1, null, 4],
};

/** A harness whose stored model 'model-a' predicts row - 3 (one above the held-out labels row - 4). */
function withModel(options: Parameters<typeof harness>[0] = {}) {
  const h = harness({ molecules: 10, surrogate: fakeSurrogate((row) => row - 3), ...options });
  h.models.put('model-a', h.surrogate.decode(new Uint8Array()));
  return h;
}

describe('evaluate stage', () => {
  it("computes the model's fit on the held-out molecules with a label", async () => {
    const h = withModel();
    const out = await evaluate(h.deps, input, signal());
    expect(h.surrogate.predicted.map((p) => [p.stage, p.rows])).toEqual([['evaluate', [5, 8]]]);
    expect(h.models.gets).toEqual(['model-a']);
    expect(out.metrics).toMatchObject(regressionMetrics([1, 4], [2, 5]));
    expect(out.metrics.rmse).toBe(1);
    expect(out.metrics.mae).toBe(1);
  });

  it('keeps the held-out predictions, aligned with the held-out set, for the parity plot', async () => {
    const h = harness({
      molecules: 10,
      surrogate: fakeSurrogate(
        (row) => row - 3,
        (row) => row / 10,
      ),
    });
    h.models.put('model-a', h.surrogate.decode(new Uint8Array()));
    const out = await evaluate(h.deps, input, signal());
    // 6's label failed: not predicted, null in its place; 5 and 8 predicted row - 3 ± row / 10.
    expect(out.heldOut).toEqual({ generation: 2, mean: [2, null, 5], std: [0.5, null, 0.8] });
    expect(Object.isFrozen(out.heldOut?.mean)).toBe(true);
    // Without a held-out set with labels there is nothing to keep.
    const none = await evaluate(h.deps, { ...input, test: [8], testLabels: [null] }, signal());
    expect(none.heldOut).toBeUndefined();
    expect('heldOut' in none).toBe(false);
  });

  it('keeps an uncertainty that is not finite as null (JSON has no NaN)', async () => {
    const h = harness({
      molecules: 10,
      surrogate: fakeSurrogate(
        (row) => row,
        (row) => (row === 8 ? Number.NaN : 0),
      ),
    });
    h.models.put('model-a', h.surrogate.decode(new Uint8Array()));
    const out = await evaluate(h.deps, input, signal());
    expect(out.heldOut?.mean).toEqual([5, null, 8]);
    expect(out.heldOut?.std).toEqual([0, null, null]);
  });

  it('scores classification with the classification metrics', async () => {
    const h = withModel({ config: configFrom('task: classification') });
    const out = await evaluate(h.deps, { ...input, test: [5, 6, 7, 8], testLabels: [0, 1, 0, 1] }, signal());
    // Predictions rise with the row, labels alternate: the ranking is right half the time.
    expect(out.metrics.roc_auc).toBe(0.75);
    expect(out.metrics.rmse).toBeUndefined();
  });

  it('predicts nothing without a held-out set, and with the truth scores the top-k found', async () => {
    const truth = Float64Array.from({ length: 10 }, (_, i) => i);
    const h = withModel({ truth, config: configFrom('campaign: { top_k: 2 }') });
    const noTest = { ...input, test: [8], testLabels: [null] };
    const out = await evaluate(h.deps, noTest, signal());
    expect(h.surrogate.predicted).toEqual([]);
    expect(h.features.loads).toEqual([]);
    // Invalid (9) and held-out (8) molecules are out of the top-k: it is {7, 6}; 7 was found.
    expect(out.metrics).toMatchObject({ topk_smiles: 0.5, topk_scores: 0.5 });
    expect(out.candidatesLeft).toBe(10 - 5);
    const both = await evaluate(h.deps, { ...noTest, labeled: [7, 6, 0], labels: [70, 60, 0] }, signal());
    expect(both.metrics).toMatchObject({ topk_smiles: 1, topk_scores: 1 });
  });

  it('orients the truth by the objective', async () => {
    const truth = Float64Array.from({ length: 10 }, (_, i) => i);
    const h = withModel({ truth, config: configFrom('objective: minimize\ncampaign: { top_k: 2 }') });
    const out = await evaluate(h.deps, { ...input, labeled: [7, 0, 1], test: [], testLabels: [] }, signal());
    expect(out.metrics).toMatchObject({ topk_smiles: 1, topk_scores: 1 });
    // The best two labels found (70, 0, 30), per the objective: 0 and 30.
    expect(out.metrics).toMatchObject({ explored_topk_mean: 15, best_label: 0 });
  });

  it('scores the batch it chose on its predictions at acquisition, without any truth', async () => {
    const h = withModel({ config: configFrom('campaign: { top_k: 2, hit_threshold: 30 }') });
    const out = await evaluate(
      h.deps,
      {
        ...input,
        labeled: [7, 0, 3, 4],
        labels: [70, 0, 30, 45],
        acquiredIn: [0, 1, 2, 2],
        // 7 and 0 were chosen without a prediction; 3 and 4 were predicted 28 and 40.
        predicted: [null, null, 28, 40],
      },
      signal(),
    );
    expect(out.metrics).toMatchObject({
      explored_topk_mean: (70 + 45) / 2,
      best_label: 70,
      hits: 3,
      batch_rmse: Math.sqrt((2 * 2 + 5 * 5) / 2),
      batch_spearman: 1,
    });
    expect(out.metrics.topk_scores).toBeUndefined();
  });

  it('counts the molecules left to acquire and reports its timings', async () => {
    const h = withModel();
    const out = await evaluate(h.deps, input, signal());
    expect(out.candidatesLeft).toBe(10 - 7); // invalid, held out or labeled: 9; 5, 6, 8; 7, 0, 3
    expect(h.executor.opened.map((o) => o.generation)).toEqual([2]);
    expect(h.stageEvents).toEqual([
      { stage: 'evaluate', generation: 2, ms: 0, detail: { predict_ms: 0, truth_ms: 0 } },
    ]);
  });
});
