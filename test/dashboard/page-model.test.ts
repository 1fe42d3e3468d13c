import { describe, expect, it } from 'vitest';
import { buildPageModel, MAX_BEST, MAX_EVENTS } from '../../src/dashboard/page-model.js';
import { doneInput, emptyInput, failedInput, fixturePredictions, runningInput, T0, XSS_ID } from './status-fixtures.js';

const fixtureZ = () => fixturePredictions().map((p) => Math.abs(p.label - p.predicted) / (p.std ?? 1));

describe('buildPageModel: a running campaign with 4 rounds', () => {
  const m = buildPageModel(runningInput());

  it('puts labeled count on x and the headline on y of the learning curve', () => {
    const [curve] = m.plots.learningCurve.traces;
    expect(curve?.name).toBe('greedy acquisition');
    expect(curve?.x).toEqual([98, 196, 294, 392]);
    expect(curve?.y).toEqual([0.21, 0.38, 0.52, 0.61]);
    expect(m.plots.learningCurve.emptyText).toBeNull();
  });

  it('draws the random baseline only where it is known', () => {
    const baseline = m.plots.learningCurve.traces[1];
    expect(baseline?.name).toBe('random acquisition (expected)');
    expect(m.plots.learningCurve.hint).toMatch(/^dashed: random acquisition/);
    expect(baseline?.style).toBe('dashed-line');
    expect(baseline?.x).toEqual([98, 294, 392]);
    expect(baseline?.y).toEqual([0.2, 0.3, 0.33]);
  });

  it('omits the baseline trace when it is unknown everywhere', () => {
    const none = buildPageModel({ ...runningInput(), randomBaseline: [null, null, null, null] });
    expect(none.plots.learningCurve.traces.map((t) => t.name)).toEqual(['greedy acquisition']);
    // No promise of a dashed baseline that is not drawn.
    expect(none.plots.learningCurve.hint).toBe('no random baseline known for this metric');
  });

  it('stacks task outcomes per round: failures by class, retried, ok (summed over stages)', () => {
    const o = m.plots.outcomes;
    expect(o.stacked).toBe(true);
    expect(o.traces.map((t) => t.name)).toEqual(['failed: oom', 'failed: timeout', 'retried', 'ok']);
    const byName = Object.fromEntries(o.traces.map((t) => [t.name, t.y]));
    expect(byName.ok).toEqual([20, 20, 20, 20]);
    expect(byName.retried).toEqual([0, 1, 0, 2]);
    expect(byName['failed: oom']).toEqual([0, 1, 0, 0]);
    expect(byName['failed: timeout']).toEqual([0, 0, 2, 0]);
    expect(o.traces[0]?.x).toEqual([0, 1, 2, 3]);
    expect(m.totals).toEqual({ ok: 80, retried: 3, failed: 3 });
  });

  it('stacks seconds per stage per round, the start-up and the ground truth apart', () => {
    const t = m.plots.timings;
    expect(t.traces.map((x) => x.name)).toEqual([
      'start-up',
      'featurize',
      'train',
      'evaluate',
      'explore',
      'ground truth (benchmark)',
    ]);
    const byName = Object.fromEntries(t.traces.map((x) => [x.name, x.y]));
    expect(byName['start-up']).toEqual([5, 0, 0, 0]);
    // 3 s of featurize in generation 0, 2 of them the start-up's.
    expect(byName.featurize).toEqual([1, 1, 1, 1]);
    expect(byName.train).toEqual([4, 5, 6, 7]);
    expect(byName.evaluate).toEqual([0.5, 1, 1, 1]);
    expect(byName['ground truth (benchmark)']).toEqual([0.5, 0, 0, 0]);
    expect(t.hint).toContain('start-up: dataset, worker threads, RDKit (5.0 s)');
  });

  it('draws the parity of the predictions at acquisition on one range for both axes', () => {
    const p = m.plots.parity;
    expect(p.emptyText).toBeNull();
    const [points, diagonal] = p.traces;
    expect(points?.x).toHaveLength(36);
    expect(points?.colourValues).toEqual(Array.from({ length: 36 }, (_, i) => 1 + (i % 3)));
    expect(diagonal?.style).toBe('dashed-line');
    expect(diagonal?.x).toEqual(p.sharedRange);
    expect(p.xTitle).toBe('pIC50 (measured)');
    expect(p.yTitle).toBe('predicted at acquisition');
  });

  it('bins the errors by predicted σ and counts the ±1σ/±2σ coverage', () => {
    const c = m.plots.calibration;
    const [binned, ideal] = c.traces;
    expect(binned?.x.length).toBe(7); // 36 points, at least 5 a bin
    const xs = binned?.x ?? [];
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(ideal?.name).toBe('calibrated (RMSE = σ)');
    expect(m.coverage?.n).toBe(36);
    const z = fixtureZ();
    expect(m.coverage?.within1).toBeCloseTo(z.filter((v) => v <= 1).length / 36, 12);
    expect(m.coverage?.within2).toBeCloseTo(z.filter((v) => v <= 2).length / 36, 12);
  });

  it('puts the labels of the random first batch beside the picks, as shares', () => {
    const l = m.plots.labels;
    expect(l.traces.map((t) => t.name)).toEqual(['first batch, random (20)', 'picked by the model (36)']);
    for (const t of l.traces) expect(t.y.reduce<number>((a, v) => a + (v ?? 0), 0)).toBeCloseTo(100, 9);
  });

  it('computes elapsed time, budget progress and the ETA from the mean round', () => {
    expect(m.elapsedSeconds).toBe(60);
    expect(m.budgetFraction).toBeCloseTo(392 / 588, 12);
    expect(m.roundsFinished).toBe(4);
    expect(m.roundsTotal).toBe(6);
    // Rounds take 10, 10, 10, 11 s: mean 10.25 s × 2 rounds left.
    expect(m.meanRoundSeconds).toBeCloseTo(10.25, 12);
    expect(m.etaSeconds).toBeCloseTo(20.5, 12);
    expect(m.etaAt).toBe(T0 + 60_000 + 20_500);
  });

  it('summarises the headline', () => {
    expect(m.headlineLatest).toBe(0.61);
    expect(m.headlineBest).toBe(0.61);
    expect(m.baselineLatest).toBe(0.33);
  });

  it('keeps the last 10 events, newest first', () => {
    expect(m.events).toHaveLength(MAX_EVENTS);
    expect(m.events[0]?.message).toBe('event 13');
    expect(m.events[9]?.message).toBe('event 4');
    expect(m.events[0]?.clock).toBe('09:00:52');
  });

  it('orders events by time even when they arrive out of order', () => {
    const input = runningInput();
    const shuffled = buildPageModel({ ...input, events: [...input.events].reverse() });
    expect(shuffled.events.map((e) => e.message)).toEqual(m.events.map((e) => e.message));
  });

  it('keeps the top 24 molecules, ranked, text untouched (escaping is the renderer’s job)', () => {
    expect(MAX_BEST).toBe(24);
    expect(m.best).toHaveLength(MAX_BEST);
    expect(m.best[0]).toMatchObject({ rank: 1, id: XSS_ID, label: 9.5, predicted: 8.1, predictedStd: 0.4 });
    expect(m.best[11]?.id).toBe('AM-0010');
    expect(m.picks.map((p) => p.generation)).toEqual([3, 2]);
    expect(m.label.name).toBe('pIC50');
  });

  it('has no failure reason while running', () => {
    expect(m.failureReason).toBeNull();
    expect(m.failures).toHaveLength(2);
    expect(m.waiting).toBe(false);
  });
});

describe('buildPageModel: other states', () => {
  it('waits for the first round with nothing to plot and no ETA', () => {
    const m = buildPageModel(emptyInput());
    expect(m.waiting).toBe(true);
    expect(m.plots.learningCurve.emptyText).toBe('waiting for the first round');
    expect(m.plots.outcomes.emptyText).toBe('waiting for the first round');
    expect(m.plots.timings.emptyText).toBe('waiting for the first round');
    expect(m.plots.parity.emptyText).toMatch(/no predictions at acquisition yet/);
    expect(m.plots.labels.emptyText).toBe('no labels yet');
    expect(m.coverage).toBeNull();
    expect(m.plots.learningCurve.traces).toEqual([]);
    expect(m.meanRoundSeconds).toBeNull();
    expect(m.etaSeconds).toBeNull();
    expect(m.etaAt).toBeNull();
    expect(m.headlineLatest).toBeNull();
    expect(m.budgetFraction).toBe(0);
  });

  it('names the last failure as the reason and has no ETA when failed', () => {
    const m = buildPageModel(failedInput());
    expect(m.failureReason).toBe(
      'explore: 30 of 98 oracle calls failed in generation 4 (failures.max_rate allows 20%)',
    );
    expect(m.etaSeconds).toBeNull();
  });

  it('falls back to a generic reason when a failed campaign recorded none', () => {
    expect(buildPageModel({ ...failedInput(), failures: [] }).failureReason).toBe('failed (no reason recorded)');
  });

  it('has an ETA of 0 when done', () => {
    const m = buildPageModel(doneInput());
    expect(m.etaSeconds).toBe(0);
    expect(m.roundsTotal).toBe(4);
    expect(m.budgetFraction).toBe(1);
    expect(m.stopReason).toBe('budget');
  });

  it('ignores null and non-finite headline values for the best', () => {
    const input = runningInput();
    const history = input.history.map((r, i) => (i === 3 ? { ...r, metrics: { ...r.metrics, r2: null } } : r));
    const m = buildPageModel({ ...input, history });
    expect(m.headlineLatest).toBeNull();
    expect(m.headlineBest).toBe(0.52);
    expect(m.plots.learningCurve.traces[0]?.y).toEqual([0.21, 0.38, 0.52, null]);
  });

  it('heads a campaign without truth by explored_topk_mean, best the lowest when minimizing', () => {
    const input = runningInput();
    const docking = [-6.1, -7.4, -7.9, -7.8];
    const history = input.history.map((r, i) => ({ ...r, metrics: { explored_topk_mean: docking[i] ?? null } }));
    const campaign = { ...input.campaign, objective: 'minimize' as const };
    const m = buildPageModel({ ...input, campaign, history, headline: 'explored_topk_mean' });
    expect(m.headline).toBe('explored_topk_mean');
    expect(m.headlineLatest).toBe(-7.8);
    expect(m.headlineBest).toBe(-7.9);
    const up = buildPageModel({ ...input, history, headline: 'explored_topk_mean' });
    expect(up.headlineBest).toBe(-6.1);
  });

  it('draws a reliability diagram, not a parity plot, for a classification', () => {
    const input = runningInput();
    const predictions = [0.1, 0.15, 0.8, 0.85, 0.9].map((p, i) => ({
      generation: 1,
      label: i < 2 ? 0 : 1,
      predicted: p,
      std: null,
      id: `c${i}`,
    }));
    const m = buildPageModel({ ...input, campaign: { ...input.campaign, task: 'classification' }, predictions });
    expect(m.plots.parity.emptyText).toMatch(/classification/);
    expect(m.plots.calibration.title).toMatch(/^Reliability/);
    expect(m.plots.calibration.traces[0]?.y).toEqual([0, 1, 1]);
    expect(m.plots.calibration.traces[0]?.x[0]).toBeCloseTo(0.125, 12);
    expect(m.coverage).toBeNull();
  });

  it('shows task classes the contract does not list instead of dropping them', () => {
    const input = runningInput();
    const m = buildPageModel({
      ...input,
      tasks: [{ generation: 0, stages: { train: { ok: 1, retried: 0, failed: { mystery: 2 } as never } } }],
    });
    expect(m.plots.outcomes.traces.map((t) => t.name)).toEqual(['failed: mystery', 'retried', 'ok']);
    expect(m.totals.failed).toBe(2);
  });
});
