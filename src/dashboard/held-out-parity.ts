/**
 * The status page's held-out parity plot: the latest model's predictions on the held-out set against
 * their labels, with ±1σ error bars where the model gives an uncertainty and the round's R² in the title.
 * Unlike the batches' parity (each batch predicted before its labels came), every point here is predicted
 * by the same model on molecules it never trained on: the fit the learning curve's R² summarises.
 */
import { formatCount, formatMetric } from './format.js';
import { axisLabel, emptySpec, evenSample, labelName, MAX_PARITY_POINTS } from './model-plots.js';
import { OKABE_ITO } from './palette.js';
import { paritySpec } from './parity-plot.js';
import type { PlotSpec } from './plot-spec.js';
import type { StatusInput, StatusPrediction } from './status-input.js';

export const HELD_OUT_PARITY_ID = 'plot-held-out-parity';
export const HELD_OUT_COLOUR = OKABE_ITO.vermillion;

/** The round's held-out metric, from the history (the page's input keeps the meaningful metrics only). */
function roundMetric(input: StatusInput, generation: number, metric: string): number | null {
  const value = input.history.find((r) => r.generation === generation)?.metrics[metric];
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

/** Error bars only when some point has an uncertainty (a single network without dropout gives 0). */
function errorBars(shown: readonly StatusPrediction[]): number[] | undefined {
  const stds = shown.map((p) => (p.std !== null && p.std > 0 ? p.std : 0));
  return stds.some((v) => v > 0) ? stds : undefined;
}

/**
 * Null without a held-out set, and for a classification (its held-out fit is ROC-AUC on the learning
 * curve; probabilities against 0/1 labels make no parity plot).
 */
export function heldOutParityPlot(input: StatusInput): PlotSpec | null {
  const held = input.heldOut;
  if (held === undefined || held.size === 0 || input.campaign.task === 'classification') return null;
  const title = 'Held-out parity: predicted vs measured';
  if (held.generation === null || held.points.length === 0) {
    const why = held.generation === null ? 'waiting for the first evaluate' : 'no held-out molecule has a label';
    return emptySpec(HELD_OUT_PARITY_ID, title, `${why} (${formatCount(held.size)} molecules held out)`);
  }
  const generation = held.generation;
  const shown = evenSample(held.points, MAX_PARITY_POINTS);
  const name = labelName(input);
  const r2 = roundMetric(input, generation, 'r2');
  const rmse = roundMetric(input, generation, 'rmse');
  const bars = errorBars(shown);
  const count =
    shown.length === held.predicted ? formatCount(held.predicted) : `${shown.length} of ${formatCount(held.predicted)}`;
  const plot = {
    id: HELD_OUT_PARITY_ID,
    title: r2 === null ? title : `${title} (R² ${formatMetric(r2)})`,
    yTitle: axisLabel(name, 'predicted'),
    hint:
      `${count} held-out molecules, generation ${generation}'s model` +
      (rmse === null ? '' : ` · RMSE ${formatMetric(rmse)}`) +
      (bars === undefined ? '' : ' · bars: ±1σ') +
      ' · dashed: y = x' +
      // A name too long for the axes (axisLabel) is said here, so that the units are never lost.
      (axisLabel(name, 'measured') === 'measured' ? ` · axes: ${name}` : ''),
  };
  return paritySpec(input, shown, plot, {
    name: 'held-out molecule',
    colour: HELD_OUT_COLOUR,
    symbol: 'diamond',
    ...(bars === undefined ? {} : { errorY: bars }),
    about: (p) => p.id,
  });
}
