/**
 * The comparison figures of `sweep.html`, computed here from the results (small aggregates, not raw rows), so
 * the page only hands them to plotly: a heatmap of the final metric over two parameters (numbers in the
 * cells) per value of a third; learning curves against molecules labeled, one per parameter combination
 * (a colour each, the dash per value of the curves parameter), mean ± sd over seeds clipped to the metric's
 * range, with the random baseline where it is known; and a box per combination.
 */
import {
  curvesFigure,
  randomTopkBaseline,
  seriesStyle,
  type CurveBaseline,
  type CurveSeries,
} from '../dashboard/curves-figure.js';
import { hasRandomBaseline } from '../dashboard/metric-range.js';
import { FONT_STACK, type PlotlyFigure } from '../dashboard/plotly-figure.js';
import { mean, metricValue, sampleSd, type ComboSummary } from './summarise.js';
import type { SweepRow } from './sweep-row.js';

export interface Heatmap {
  readonly facet: string;
  readonly x: readonly string[];
  readonly y: readonly string[];
  /** z[yi][xi]: mean final metric over every run at that cell; null when none. */
  readonly z: readonly (readonly (number | null)[])[];
  readonly n: readonly (readonly number[])[];
}

export interface SweepAxes {
  readonly x: string | null;
  readonly y: string | null;
  readonly facet: string | null;
  readonly curves: string | null;
}

export interface SweepFigures {
  readonly axes: SweepAxes;
  readonly heatmaps: readonly Heatmap[];
  readonly curves: readonly CurveSeries[];
  /** Random acquisition's expected metric against molecules labeled; null where not known. */
  readonly baseline: CurveBaseline | null;
  readonly boxes: readonly { readonly label: string; readonly values: readonly number[] }[];
}

const label = (v: unknown): string => (v === undefined ? '(all)' : typeof v === 'string' ? v : JSON.stringify(v));

export const paramText = (p: Readonly<Record<string, unknown>>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${label(v)}`)
    .join(', ') || '(base)';

export function chooseAxes(
  paramKeys: readonly string[],
  plots: { readonly x?: string; readonly y?: string; readonly facet?: string; readonly curves?: string },
): SweepAxes {
  const rest = paramKeys.filter((k) => k !== plots.x && k !== plots.y && k !== plots.facet);
  const x = plots.x ?? rest.shift() ?? null;
  const y = plots.y ?? rest.shift() ?? null;
  const facet = plots.facet ?? rest.shift() ?? null;
  const curves =
    plots.curves ?? (paramKeys.includes('acquisition.strategy') ? 'acquisition.strategy' : (paramKeys[0] ?? null));
  return { x, y, facet, curves };
}

function buildHeatmaps(rows: readonly SweepRow[], metric: string, axes: SweepAxes): Heatmap[] {
  const at = (r: SweepRow, k: string | null) => label(k === null ? undefined : r.params[k]);
  const order = (key: string | null) => [...new Set(rows.map((r) => at(r, key)))];
  const xs = order(axes.x);
  const ys = order(axes.y);
  const cells = new Map<string, number[]>();
  for (const r of rows) {
    const v = metricValue(r, metric);
    if (v === null) continue;
    const key = `${at(r, axes.facet)}\u0000${at(r, axes.y)}\u0000${at(r, axes.x)}`;
    let list = cells.get(key);
    if (list === undefined) cells.set(key, (list = []));
    list.push(v);
  }
  return order(axes.facet).map((facet) => ({
    facet,
    x: xs,
    y: ys,
    z: ys.map((y) => xs.map((x) => mean(cells.get(`${facet}\u0000${y}\u0000${x}`) ?? []))),
    n: ys.map((y) => xs.map((x) => cells.get(`${facet}\u0000${y}\u0000${x}`)?.length ?? 0)),
  }));
}

/**
 * One series per combination: its done runs share a batch schedule, so generation g is the same labeled count
 * in each (x is their mean, exact unless a pool ran out). Runs of different batch sizes are never averaged.
 */
function buildCurves(rows: readonly SweepRow[], combos: readonly ComboSummary[], metric: string, axes: SweepAxes) {
  const dashOf = new Map<string, number>();
  const series: CurveSeries[] = [];
  for (const combo of combos) {
    const runs = rows.filter((r) => r.combo === combo.combo && r.status === 'done');
    const byGen = new Map<number, { labeled: number[]; values: number[] }>();
    for (const r of runs)
      for (const p of r.rounds) {
        const v = p.metrics[metric];
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        let g = byGen.get(p.generation);
        if (g === undefined) byGen.set(p.generation, (g = { labeled: [], values: [] }));
        g.labeled.push(p.labeled);
        g.values.push(v);
      }
    if (byGen.size === 0) continue;
    // A colour per setting; the dash tells the curves parameter's values apart (a second cue, and a grouping).
    const key = label(axes.curves === null ? undefined : combo.params[axes.curves]);
    if (!dashOf.has(key)) dashOf.set(key, dashOf.size);
    const style = seriesStyle(series.length, dashOf.get(key) ?? 0);
    const gens = [...byGen.keys()].sort((a, b) => a - b);
    const of = (g: number) => byGen.get(g) ?? { labeled: [], values: [] };
    series.push({
      name: paramText(combo.params),
      ...style,
      x: gens.map((g) => Math.round(mean(of(g).labeled) ?? 0)),
      mean: gens.map((g) => mean(of(g).values)),
      sd: gens.map((g) => sampleSd(of(g).values)),
      n: gens.map((g) => of(g).values.length),
      hover: gens.map((g) => `generation ${g}, ${of(g).values.length} run(s)`),
    });
  }
  return series;
}

/** labeled / pool at every labeled count drawn, when the metric is a top-k share and the runs' pool is known. */
function buildBaseline(rows: readonly SweepRow[], metric: string, curves: readonly CurveSeries[]) {
  if (!hasRandomBaseline(metric)) return null;
  const pools = [...new Set(rows.flatMap((r) => (r.status === 'done' && typeof r.pool === 'number' ? [r.pool] : [])))];
  // Runs over different pools (a swept subsample) have no single baseline.
  const pool = pools.length === 1 ? (pools[0] ?? 0) : 0;
  if (!(pool > 0)) return null;
  return randomTopkBaseline(
    'random baseline',
    curves.flatMap((c) => c.x),
    pool,
  );
}

export function buildFigures(
  rows: readonly SweepRow[],
  combos: readonly ComboSummary[],
  metric: string,
  axes: SweepAxes,
): SweepFigures {
  const curves = buildCurves(rows, combos, metric, axes);
  const boxes = combos
    .filter((c) => c.values.length > 0)
    .map((c) => ({ label: Object.values(c.params).map(label).join(' · ') || '(base)', values: c.values }));
  return {
    axes,
    heatmaps: buildHeatmaps(rows, metric, axes),
    curves,
    baseline: buildBaseline(rows, metric, curves),
    boxes,
  };
}

const LAYOUT_BASE = {
  autosize: true,
  font: { family: FONT_STACK, size: 12, color: '#1f2328' },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
} as const;

/** A heatmap with its mean in each cell and the run count in the hover. */
export function heatmapFigure(hm: Heatmap, axes: SweepAxes, metric: string): PlotlyFigure {
  return {
    data: [
      {
        type: 'heatmap',
        x: [...hm.x],
        y: [...hm.y],
        z: hm.z.map((r) => [...r]),
        text: hm.n.map((r) => r.map((n) => `n=${n}`)),
        texttemplate: '%{z:.3f}',
        textfont: { size: 13 },
        colorscale: 'Viridis',
        colorbar: { title: { text: metric } },
        hovertemplate: `${axes.x ?? ''} %{x} · ${axes.y ?? ''} %{y}: %{z:.3f} (%{text})<extra></extra>`,
      },
    ],
    layout: {
      ...LAYOUT_BASE,
      height: 340,
      margin: { l: 80, r: 12, t: 10, b: 56 },
      xaxis: { title: { text: axes.x ?? '' }, type: 'category' },
      yaxis: { title: { text: axes.y ?? '' }, type: 'category' },
    },
  };
}

export function boxesFigure(boxes: SweepFigures['boxes'], metric: string): PlotlyFigure {
  return {
    data: boxes.map((b, i) => ({
      type: 'box',
      y: [...b.values],
      name: b.label,
      boxpoints: 'all',
      jitter: 0.3,
      marker: { color: seriesStyle(i).colour },
    })),
    layout: {
      ...LAYOUT_BASE,
      height: 380,
      showlegend: false,
      margin: { l: 60, r: 12, t: 10, b: 120 },
      yaxis: { title: { text: `final ${metric}` }, gridcolor: '#e3e6ea' },
    },
  };
}

export { curvesFigure };
