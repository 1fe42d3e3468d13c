/**
 * The held-out parity plot as page-model data (traces, axes named after the label, R² in the title,
 * error bars, one scale with the batches' parity), its place on the status page, and its report figure.
 */
import { describe, expect, it } from 'vitest';
import { HELD_OUT_PARITY_ID, heldOutParityPlot } from '../../src/dashboard/held-out-parity.js';
import { MAX_PARITY_POINTS } from '../../src/dashboard/model-plots.js';
import { buildPageModel } from '../../src/dashboard/page-model.js';
import { toPlotlyFigure } from '../../src/dashboard/plotly-figure.js';
import { renderStatusPage } from '../../src/dashboard/render-status-page.js';
import { reportFigureSpecs } from '../../src/dashboard/report-figures.js';
import type { StatusInput } from '../../src/dashboard/status-input.js';
import { fixtureHeldOut, heldOutInput, runningInput } from './status-fixtures.js';

describe('heldOutParityPlot', () => {
  const spec = heldOutParityPlot(heldOutInput());

  it('draws the held-out molecules against y = x, axes named after the label', () => {
    expect(spec?.id).toBe(HELD_OUT_PARITY_ID);
    expect(spec?.emptyText).toBeNull();
    expect(spec?.traces.map((t) => t.name)).toEqual(['held-out molecule', 'y = x']);
    const [points, diagonal] = spec?.traces ?? [];
    const held = fixtureHeldOut().points;
    expect(points?.x).toEqual(held.map((p) => p.label));
    expect(points?.y).toEqual(held.map((p) => p.predicted));
    expect(points?.style).toBe('markers');
    expect(points?.hover?.[0]).toBe('AM-T0 · ±0.250');
    expect(diagonal?.style).toBe('dashed-line');
    expect(diagonal?.x).toEqual(spec?.sharedRange);
    expect(spec?.xTitle).toBe('pIC50 (measured)');
    expect(spec?.yTitle).toBe('pIC50 (predicted)');
  });

  it("puts the round's R² in the title and its RMSE in the hint", () => {
    // Generation 3 of the fixture's history: r2 0.61, rmse 1 - 0.61 / 2.
    expect(spec?.title).toBe('Held-out parity: predicted vs measured (R² 0.610)');
    expect(spec?.hint).toBe("30 held-out molecules, generation 3's model · RMSE 0.695 · bars: ±1σ · dashed: y = x");
    const long = 'measured log solubility in mols per litre';
    const named = heldOutParityPlot({ ...heldOutInput(), label: { name: long, source: '' } });
    expect(named?.xTitle).toBe('measured');
    expect(named?.hint).toMatch(new RegExp(` · axes: ${long}$`));
    const other = heldOutParityPlot({ ...heldOutInput(), heldOut: { ...fixtureHeldOut(), generation: 9 } });
    expect(other?.title).toBe('Held-out parity: predicted vs measured');
  });

  it('draws ±1σ error bars where the model gives an uncertainty, and none where it gives 0', () => {
    const [points] = spec?.traces ?? [];
    expect(points?.errorY).toEqual(fixtureHeldOut().points.map((p) => p.std));
    const plotly = toPlotlyFigure(spec as NonNullable<typeof spec>).data[0] as { error_y?: { array: number[] } };
    expect(plotly.error_y?.array).toHaveLength(30);
    const held = fixtureHeldOut();
    const noStd = { ...held, points: held.points.map((p) => ({ ...p, std: 0 })) };
    const flat = heldOutParityPlot({ ...heldOutInput(), heldOut: noStd });
    expect(flat?.traces[0]?.errorY).toBeUndefined();
    expect(flat?.hint).not.toContain('±1σ');
    expect('error_y' in (toPlotlyFigure(flat as NonNullable<typeof flat>).data[0] ?? {})).toBe(false);
  });

  it('shares one scale with the parity of the predictions at acquisition', () => {
    const m = buildPageModel(heldOutInput());
    expect(m.plots.heldOutParity?.sharedRange).toEqual(m.plots.parity.sharedRange);
    const all = [...fixtureHeldOut().points, ...(heldOutInput().predictions ?? [])].flatMap((p) => [
      p.label,
      p.predicted,
    ]);
    const [lo, hi] = m.plots.parity.sharedRange ?? [0, 0];
    expect(lo).toBeLessThan(Math.min(...all));
    expect(hi).toBeGreaterThan(Math.max(...all));
  });

  it('caps the points it draws, an even stride through the held-out set', () => {
    const many = Array.from({ length: 4000 }, (_, i) => ({
      generation: 3,
      label: i,
      predicted: i,
      std: null,
      id: `t${i}`,
    }));
    const big = heldOutParityPlot({
      ...runningInput(),
      heldOut: { size: 4000, generation: 3, predicted: 4000, points: many },
    });
    expect(big?.traces[0]?.x).toHaveLength(MAX_PARITY_POINTS);
    expect(big?.traces[0]?.x[1]).toBe(Math.floor(4000 / MAX_PARITY_POINTS));
    expect(big?.hint).toMatch(/^1500 of 4\u202f000 held-out molecules/);
  });

  it('is absent without a held-out set or for a classification, and says why before the first evaluate', () => {
    expect(heldOutParityPlot(runningInput())).toBeNull();
    expect(heldOutParityPlot({ ...heldOutInput(), heldOut: { ...fixtureHeldOut(), size: 0 } })).toBeNull();
    const classification: StatusInput = {
      ...heldOutInput(),
      campaign: { ...runningInput().campaign, task: 'classification' },
    };
    expect(heldOutParityPlot(classification)).toBeNull();
    const before = heldOutParityPlot({
      ...heldOutInput(),
      heldOut: { size: 32, generation: null, predicted: 0, points: [] },
    });
    expect(before?.emptyText).toBe('waiting for the first evaluate (32 molecules held out)');
    expect(before?.traces).toEqual([]);
  });
});

describe('the held-out parity on the status page and in the report', () => {
  /** The plots' ids in page order, and whether the card spans both columns. */
  function cards(html: string): string[] {
    return [
      ...html.matchAll(
        /<section class="card( span)?"><h2>[^<]*<\/h2><p class="hint">[^<]*<\/p><div class="plot" id="([^"]+)"/g,
      ),
    ].map((m) => `${m[2] ?? ''}${m[1] === undefined ? '' : ' (span)'}`);
  }

  it('spans the learning curve and sets the two parity plots side by side', () => {
    const html = renderStatusPage(buildPageModel(heldOutInput()));
    expect(cards(html)).toEqual([
      'plot-learning-curve (span)',
      'plot-held-out-parity',
      'plot-parity',
      'plot-calibration',
      'plot-labels',
      'plot-outcomes',
      'plot-timings',
    ]);
    expect(html).toContain('Held-out parity: predicted vs measured (R² 0.610)');
  });

  it('keeps the page as it was without a held-out set', () => {
    const html = renderStatusPage(buildPageModel(runningInput()));
    expect(cards(html)).toEqual([
      'plot-learning-curve',
      'plot-parity',
      'plot-calibration',
      'plot-labels',
      'plot-outcomes',
      'plot-timings',
    ]);
    expect(html).not.toContain('plot-held-out-parity');
    expect(html).not.toContain('class="card span"');
  });

  it('says that it waits for the first evaluate, in place of the plot', () => {
    const html = renderStatusPage(
      buildPageModel({ ...heldOutInput(), heldOut: { size: 32, generation: null, predicted: 0, points: [] } }),
    );
    expect(html).toContain(
      '<div class="plot-empty" data-plot-empty="plot-held-out-parity">waiting for the first evaluate (32 molecules held out)</div>',
    );
  });

  it('becomes a report figure next to the batch parity', () => {
    const files = reportFigureSpecs(buildPageModel(heldOutInput())).map((s) => s.figure.file);
    expect(files).toEqual([
      'figure-learning-curve.png',
      'figure-held-out-parity.png',
      'figure-parity.png',
      'figure-calibration.png',
      'figure-labels.png',
      'figure-timings.png',
    ]);
  });
});
