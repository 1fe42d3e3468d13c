/**
 * The parity plot of the predictions at acquisition (each batch predicted before its labels came), and the
 * shape it shares with the held-out parity (held-out-parity.ts): measured on x against predicted on y, one
 * range for both axes of both plots, so that the two read on the same scale side by side, and the y = x
 * diagonal corner to corner.
 */
import { axisLabel, emptySpec, evenSample, labelName, MAX_PARITY_POINTS, NO_PREDICTIONS } from './model-plots.js';
import { BASELINE_COLOUR, HEADLINE_COLOUR } from './palette.js';
import type { PlotSpec, PlotTrace } from './plot-spec.js';
import type { StatusInput, StatusPrediction } from './status-input.js';

/** The y = x line of a parity plot, corner to corner of its shared range. */
export function diagonalTrace(range: [number, number]): PlotTrace {
  return { name: 'y = x', x: range, y: range, style: 'dashed-line', colour: BASELINE_COLOUR };
}

/** One range for both axes of both parity plots, over the points either draws; padded by 5%. */
export function parityRange(input: StatusInput): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const shown = [...evenSample(input.predictions ?? [], MAX_PARITY_POINTS), ...(input.heldOut?.points ?? [])];
  for (const p of shown) {
    lo = Math.min(lo, p.label, p.predicted);
    hi = Math.max(hi, p.label, p.predicted);
  }
  if (lo > hi) return [0, 1];
  const pad = (hi - lo) * 0.05 || 0.5;
  return [lo - pad, hi + pad];
}

/** How a parity plot draws its points: a trace's name and looks, and the start of each point's hover. */
export type ParityMarkers = Omit<PlotTrace, 'x' | 'y' | 'style' | 'hover'> & {
  readonly about: (p: StatusPrediction) => string;
};

/** A parity plot of `shown`: its points (hovered with their ±σ where they have one), then the diagonal. */
export function paritySpec(
  input: StatusInput,
  shown: readonly StatusPrediction[],
  plot: Pick<PlotSpec, 'id' | 'title' | 'yTitle' | 'hint'>,
  markers: ParityMarkers,
): PlotSpec {
  const range = parityRange(input);
  const { name, about, ...looks } = markers;
  const points: PlotTrace = {
    name,
    x: shown.map((p) => p.label),
    y: shown.map((p) => p.predicted),
    style: 'markers',
    ...looks,
    hover: shown.map((p) => about(p) + (p.std === null ? '' : ` · ±${p.std.toFixed(3)}`)),
  };
  return {
    id: plot.id,
    title: plot.title,
    xTitle: axisLabel(labelName(input), 'measured'),
    yTitle: plot.yTitle,
    xAxis: 'linear',
    stacked: false,
    traces: [points, diagonalTrace(range)],
    emptyText: null,
    sharedRange: range,
    ...(plot.hint === undefined ? {} : { hint: plot.hint }),
  };
}

export function parityPlot(input: StatusInput): PlotSpec {
  const id = 'plot-parity';
  const title = 'Parity: predicted before labeling vs measured';
  const all = input.predictions ?? [];
  if (input.campaign.task === 'classification') {
    return emptySpec(id, title, 'a classification: see the reliability diagram');
  }
  if (all.length === 0) return emptySpec(id, title, NO_PREDICTIONS);
  const shown = evenSample(all, MAX_PARITY_POINTS);
  const count = shown.length === all.length ? all.length : `${shown.length} of ${all.length}`;
  return paritySpec(
    input,
    shown,
    {
      id,
      title,
      yTitle: 'predicted at acquisition',
      hint: `${count} picks, coloured by generation; dashed: perfect prediction`,
    },
    {
      name: 'picked molecule',
      colour: HEADLINE_COLOUR,
      colourValues: shown.map((p) => p.generation),
      colourTitle: 'generation',
      about: (p) => `${p.id} · generation ${p.generation}`,
    },
  );
}
