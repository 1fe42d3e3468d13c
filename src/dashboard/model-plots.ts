/**
 * The status page's plots of the model and the labels, from the predictions at acquisition (each batch
 * predicted before its labels came back: no held-out set needed): uncertainty calibration and
 * the label distribution of the random first batch against the model's picks; the parity plot is in
 * parity-plot.ts. Capped in points, so that a page of a large campaign stays small.
 */
import { BASELINE_COLOUR, HEADLINE_COLOUR, OKABE_ITO } from './palette.js';
import type { PlotSpec, PlotTrace } from './plot-spec.js';
import type { StatusInput, StatusPrediction } from './status-input.js';

/** At most this many points in the parity plot (an even stride through acquisition order). */
export const MAX_PARITY_POINTS = 1500;
const CALIBRATION_BINS = 8;
const MIN_BIN = 5;
const HISTOGRAM_BINS = 20;

export const labelName = (input: StatusInput) => input.label?.name ?? 'label';

/** An axis title with the label's name, unless the name is too long to fit beside the axis. */
export const axisLabel = (name: string, what: string) => (name.length <= 32 ? `${name} (${what})` : what);

/** Every `stride`-th element, so that at most `max` remain, spread over the whole list. */
export function evenSample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const stride = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * stride)] as T);
}

export function emptySpec(id: string, title: string, emptyText: string): PlotSpec {
  return { id, title, xTitle: '', yTitle: '', xAxis: 'linear', stacked: false, traces: [], emptyText };
}

export const NO_PREDICTIONS = 'no predictions at acquisition yet (the first batch is random)';

/** Shares of labels within ±1σ and ±2σ of their prediction (a calibrated Gaussian: 68% and 95%). */
export interface Coverage {
  readonly n: number;
  readonly within1: number;
  readonly within2: number;
}

export function coverage(predictions: readonly StatusPrediction[]): Coverage | null {
  const withStd = predictions.filter((p) => p.std !== null && p.std > 0);
  if (withStd.length === 0) return null;
  const z = withStd.map((p) => Math.abs(p.label - p.predicted) / (p.std as number));
  return {
    n: z.length,
    within1: z.filter((v) => v <= 1).length / z.length,
    within2: z.filter((v) => v <= 2).length / z.length,
  };
}

/** Bins of about equal count by predicted std: the RMS std against the RMSE of the bin's predictions. */
function stdBins(predictions: readonly StatusPrediction[]): { std: number; rmse: number; n: number }[] {
  const sorted = predictions.filter((p) => p.std !== null).sort((a, b) => (a.std as number) - (b.std as number));
  const bins = Math.max(1, Math.min(CALIBRATION_BINS, Math.floor(sorted.length / MIN_BIN)));
  const out: { std: number; rmse: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const part = sorted.slice(Math.floor((b * sorted.length) / bins), Math.floor(((b + 1) * sorted.length) / bins));
    if (part.length === 0) continue;
    const ms = (f: (p: StatusPrediction) => number) => part.reduce((a, p) => a + f(p) ** 2, 0) / part.length;
    out.push({
      std: Math.sqrt(ms((p) => p.std as number)),
      rmse: Math.sqrt(ms((p) => p.label - p.predicted)),
      n: part.length,
    });
  }
  return out;
}

/** Classification: bins of predicted probability against the share of positives in each (reliability). */
function reliabilityPlot(input: StatusInput, id: string): PlotSpec {
  const all = input.predictions ?? [];
  const bins = Array.from({ length: 10 }, () => ({ p: 0, y: 0, n: 0 }));
  for (const q of all) {
    const bin = bins[Math.min(9, Math.max(0, Math.floor(q.predicted * 10)))] as { p: number; y: number; n: number };
    bin.p += q.predicted;
    bin.y += q.label;
    bin.n += 1;
  }
  const used = bins.filter((b) => b.n > 0);
  return {
    id,
    title: 'Reliability: predicted probability vs share positive',
    xTitle: 'predicted probability (at acquisition)',
    yTitle: 'share labeled positive',
    xAxis: 'linear',
    stacked: false,
    emptyText: all.length === 0 ? NO_PREDICTIONS : null,
    sharedRange: [0, 1],
    traces: [
      {
        name: 'picks, binned',
        x: used.map((b) => b.p / b.n),
        y: used.map((b) => b.y / b.n),
        style: 'line',
        colour: HEADLINE_COLOUR,
        hover: used.map((b) => `${b.n} molecules`),
      },
      { name: 'calibrated', x: [0, 1], y: [0, 1], style: 'dashed-line', colour: BASELINE_COLOUR },
    ],
    hint: `${all.length} picks in 10 bins; dashed: a calibrated model`,
  };
}

export function calibrationPlot(input: StatusInput): PlotSpec {
  const id = 'plot-calibration';
  const title = 'Uncertainty calibration';
  if (input.campaign.task === 'classification') return reliabilityPlot(input, id);
  const all = input.predictions ?? [];
  const bins = stdBins(all);
  if (bins.length === 0) {
    return emptySpec(id, title, all.length === 0 ? NO_PREDICTIONS : 'the model gives no uncertainty');
  }
  const top = Math.max(...bins.flatMap((b) => [b.std, b.rmse])) * 1.08;
  const name = labelName(input);
  return {
    id,
    title: `${title}: RMSE vs predicted σ`,
    xTitle: axisLabel(name, 'predicted σ, RMS in bin'),
    yTitle: 'RMSE of the predictions in bin',
    xAxis: 'linear',
    stacked: false,
    emptyText: null,
    sharedRange: [0, top],
    traces: [
      {
        name: 'picks, binned by σ',
        x: bins.map((b) => b.std),
        y: bins.map((b) => b.rmse),
        style: 'line',
        colour: OKABE_ITO.vermillion,
        hover: bins.map((b) => `${b.n} molecules`),
      },
      { name: 'calibrated (RMSE = σ)', x: [0, top], y: [0, top], style: 'dashed-line', colour: BASELINE_COLOUR },
    ],
    hint: `${bins.reduce((a, b) => a + b.n, 0)} picks in ${bins.length} bins of equal count; above the dashes: overconfident`,
  };
}

/** Bin edges over the labels: one bin per value for a few distinct values (0/1 labels), else equal widths. */
function histogramBins(values: readonly number[]): { centres: number[]; width: number; binOf: (v: number) => number } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= 10 && distinct.every((v) => Number.isInteger(v))) {
    return { centres: distinct, width: 0.8, binOf: (v) => distinct.indexOf(v) };
  }
  const lo = distinct[0] as number;
  const hi = distinct[distinct.length - 1] as number;
  const width = (hi - lo) / HISTOGRAM_BINS || 1;
  return {
    centres: Array.from({ length: HISTOGRAM_BINS }, (_, i) => lo + (i + 0.5) * width),
    width,
    binOf: (v) => Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width)),
  };
}

export function labelHistogramPlot(input: StatusInput): PlotSpec {
  const id = 'plot-labels';
  const name = labelName(input);
  const title = `Labels: random first batch vs the model's picks`;
  const labels = input.labels ?? [];
  if (labels.length === 0) return emptySpec(id, title, 'no labels yet');
  const bins = histogramBins(labels.map((l) => l.label));
  const share = (subset: readonly number[]) => {
    const counts = bins.centres.map(() => 0);
    for (const v of subset) counts[bins.binOf(v)] = (counts[bins.binOf(v)] ?? 0) + 1;
    return counts.map((c) => (subset.length === 0 ? 0 : (100 * c) / subset.length));
  };
  const first = labels.filter((l) => l.generation === 0).map((l) => l.label);
  const picked = labels.filter((l) => l.generation > 0).map((l) => l.label);
  const traces: PlotTrace[] = [];
  const bar = (label: string, subset: number[], colour: string): PlotTrace => ({
    name: `${label} (${subset.length})`,
    x: bins.centres,
    y: share(subset),
    style: 'bar',
    colour,
    width: bins.width,
    opacity: 0.6,
  });
  if (first.length > 0) traces.push(bar('first batch, random', first, BASELINE_COLOUR));
  if (picked.length > 0) traces.push(bar('picked by the model', picked, OKABE_ITO.bluishGreen));
  const better = input.campaign.objective === 'minimize' ? 'left' : 'right';
  return {
    id,
    title,
    xTitle: name,
    yTitle: '% of the set',
    xAxis: 'linear',
    stacked: false,
    overlay: true,
    yFromZero: true,
    xFromData: true,
    traces,
    emptyText: null,
    hint: `better is to the ${better}; the random first batch stands for the pool`,
  };
}
