/**
 * Learning curves of several settings or campaigns on one plot, against molecules labeled: one line per
 * series (its own colour and dash), a mean ± sd band where a series averages several runs (clipped to the
 * metric's range), and the random baseline as a dashed grey line where it is known. Plain plotly JSON.
 */
import { FONT_STACK, type PlotlyFigure, type PlotlyJson } from './plotly-figure.js';
import { BASELINE_COLOUR } from './palette.js';
import { clipToRange, metricRange } from './metric-range.js';

export interface CurveSeries {
  readonly name: string;
  readonly colour: string;
  /** plotly `line.dash`: solid, dash, dot, dashdot … (a second cue next to colour). */
  readonly dash: string;
  /** Molecules labeled at each point. */
  readonly x: readonly number[];
  readonly mean: readonly (number | null)[];
  /** Sample sd over runs at each point; null where fewer than 2 runs. */
  readonly sd: readonly (number | null)[];
  /** Runs averaged at each point. */
  readonly n: readonly number[];
  /** Hover text per point (generation, runs). */
  readonly hover: readonly string[];
}

export interface CurveBaseline {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface CurvesFigureInput {
  readonly metric: string;
  readonly series: readonly CurveSeries[];
  /** Random acquisition's expected value at each x, where it is known for this metric (one per pool). */
  readonly baselines: readonly CurveBaseline[];
  readonly height?: number;
}

/** Random acquisition's share of the true top-k at each labeled count: labeled / pool (at most 1). */
export function randomTopkBaseline(name: string, labeled: readonly number[], pool: number): CurveBaseline {
  const x = [...new Set([0, ...labeled])].sort((a, b) => a - b);
  return { name, x, y: x.map((v) => Math.min(1, v / pool)) };
}

/** `#RRGGBB` with an alpha, for a band under its line. */
function translucent(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function bandTraces(s: CurveSeries, metric: string): { [key: string]: PlotlyJson }[] {
  const range = metricRange(metric);
  const xs: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  s.x.forEach((x, i) => {
    const m = s.mean[i];
    const sd = s.sd[i];
    if (m === null || m === undefined || sd === null || sd === undefined) return;
    xs.push(x);
    lo.push(clipToRange(m - sd, range));
    hi.push(clipToRange(m + sd, range));
  });
  if (xs.length === 0) return [];
  const common = { type: 'scatter', mode: 'lines', x: xs, line: { width: 0 }, hoverinfo: 'skip', showlegend: false };
  return [
    { ...common, name: `${s.name} +sd`, y: hi, legendgroup: s.name },
    {
      ...common,
      name: `${s.name} −sd`,
      y: lo,
      legendgroup: s.name,
      fill: 'tonexty',
      fillcolor: translucent(s.colour, 0.15),
    },
  ];
}

export function curvesFigure(input: CurvesFigureInput): PlotlyFigure {
  const data: { [key: string]: PlotlyJson }[] = [];
  for (const s of input.series) {
    data.push(...bandTraces(s, input.metric));
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: s.name,
      legendgroup: s.name,
      x: [...s.x],
      y: [...s.mean],
      text: [...s.hover],
      hovertemplate: `%{text}<br>%{x} labeled: %{y:.3f}<extra>%{fullData.name}</extra>`,
      connectgaps: false,
      line: { color: s.colour, width: 2.5, dash: s.dash },
      marker: { color: s.colour, size: 7 },
    });
  }
  for (const b of input.baselines) {
    if (b.x.length === 0) continue;
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: b.name,
      x: [...b.x],
      y: [...b.y],
      hovertemplate: '%{x} labeled: %{y:.3f}<extra>random acquisition</extra>',
      line: { color: BASELINE_COLOUR, width: 2, dash: 'dash' },
    });
  }
  const range = metricRange(input.metric);
  const bounded = Number.isFinite(range.min) && Number.isFinite(range.max);
  return {
    data,
    layout: {
      autosize: true,
      height: input.height ?? 420,
      margin: { l: 60, r: 12, t: 10, b: 48 },
      font: { family: FONT_STACK, size: 12, color: '#1f2328' },
      paper_bgcolor: '#ffffff',
      plot_bgcolor: '#ffffff',
      showlegend: true,
      legend: { orientation: 'v', x: 1.02, xanchor: 'left', y: 1, font: { size: 11 } },
      hovermode: 'closest',
      xaxis: { title: { text: 'molecules labeled' }, rangemode: 'tozero', gridcolor: '#e3e6ea', zeroline: false },
      yaxis: {
        title: { text: input.metric },
        gridcolor: '#e3e6ea',
        zeroline: false,
        ...(Number.isFinite(range.min) && !bounded ? { rangemode: 'tozero' } : {}),
      },
    },
  };
}

// Okabe-Ito without grey (the baseline's) and yellow (too light on white), then dash styles for more series.
const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000'] as const;
const SERIES_DASHES = ['solid', 'dot', 'dashdot', 'longdash'] as const;

/** The colour of the i-th colour group and the dash of the j-th member of a group. */
export function seriesStyle(colourIndex: number, dashIndex = 0): { colour: string; dash: string } {
  const colour = SERIES_COLOURS[colourIndex % SERIES_COLOURS.length] ?? '#0072B2';
  const cycle = Math.floor(colourIndex / SERIES_COLOURS.length);
  const dash = SERIES_DASHES[(dashIndex + cycle) % SERIES_DASHES.length] ?? 'solid';
  return { colour, dash };
}
