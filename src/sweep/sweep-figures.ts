/**
 * The comparison figures of `sweep.html`, computed here from the results (small aggregates, not raw rows), so
 * the page only hands them to plotly: a heatmap of the metric over two parameters per value of a third,
 * learning curves per value of one parameter with a ±1 sd band over seeds, and a box per combination.
 */
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

export interface Curve {
  readonly label: string;
  readonly generations: readonly number[];
  readonly mean: readonly number[];
  readonly sd: readonly number[];
  readonly n: readonly number[];
}

export interface Box {
  readonly label: string;
  readonly values: readonly number[];
}

export interface SweepFigures {
  readonly axes: {
    readonly x: string | null;
    readonly y: string | null;
    readonly facet: string | null;
    readonly curves: string | null;
  };
  readonly heatmaps: readonly Heatmap[];
  readonly curves: readonly Curve[];
  readonly boxes: readonly Box[];
}

const label = (v: unknown): string => (v === undefined ? '(all)' : typeof v === 'string' ? v : JSON.stringify(v));

export function chooseAxes(
  paramKeys: readonly string[],
  plots: { readonly x?: string; readonly y?: string; readonly facet?: string; readonly curves?: string },
): SweepFigures['axes'] {
  const rest = paramKeys.filter((k) => k !== plots.x && k !== plots.y && k !== plots.facet);
  const x = plots.x ?? rest.shift() ?? null;
  const y = plots.y ?? rest.shift() ?? null;
  const facet = plots.facet ?? rest.shift() ?? null;
  const curves =
    plots.curves ?? (paramKeys.includes('acquisition.strategy') ? 'acquisition.strategy' : (paramKeys[0] ?? null));
  return { x, y, facet, curves };
}

export function buildFigures(
  rows: readonly SweepRow[],
  combos: readonly ComboSummary[],
  metric: string,
  axes: SweepFigures['axes'],
): SweepFigures {
  // Heatmaps: one per facet value.
  const order = (key: string | null) => [...new Set(rows.map((r) => label(key === null ? undefined : r.params[key])))];
  const xs = order(axes.x);
  const ys = order(axes.y);
  const facets = order(axes.facet);
  const cells = new Map<string, number[]>();
  for (const r of rows) {
    const v = metricValue(r, metric);
    if (v === null) continue;
    const at = (k: string | null) => label(k === null ? undefined : r.params[k]);
    const key = `${at(axes.facet)}\u0000${at(axes.y)}\u0000${at(axes.x)}`;
    let list = cells.get(key);
    if (list === undefined) cells.set(key, (list = []));
    list.push(v);
  }
  const heatmaps: Heatmap[] = facets.map((facet) => ({
    facet,
    x: xs,
    y: ys,
    z: ys.map((y) => xs.map((x) => mean(cells.get(`${facet}\u0000${y}\u0000${x}`) ?? []))),
    n: ys.map((y) => xs.map((x) => cells.get(`${facet}\u0000${y}\u0000${x}`)?.length ?? 0)),
  }));

  // Learning curves: per value of the curves parameter, per round index.
  const perValue = new Map<string, Map<number, number[]>>();
  for (const r of rows) {
    if (r.status !== 'done') continue;
    const key = label(axes.curves === null ? undefined : r.params[axes.curves]);
    let byGen = perValue.get(key);
    if (byGen === undefined) perValue.set(key, (byGen = new Map<number, number[]>()));
    for (const p of r.rounds) {
      const v = p.metrics[metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      let list = byGen.get(p.generation);
      if (list === undefined) byGen.set(p.generation, (list = []));
      list.push(v);
    }
  }
  const curves: Curve[] = [...perValue.entries()].map(([lbl, byGen]) => {
    const gens = [...byGen.keys()].sort((a, b) => a - b);
    return {
      label: lbl,
      generations: gens,
      mean: gens.map((g) => mean(byGen.get(g) ?? []) ?? 0),
      sd: gens.map((g) => sampleSd(byGen.get(g) ?? []) ?? 0),
      n: gens.map((g) => byGen.get(g)?.length ?? 0),
    };
  });

  const boxes: Box[] = combos
    .filter((c) => c.values.length > 0)
    .map((c) => ({ label: Object.values(c.params).map(label).join(' · ') || '(base)', values: c.values }));
  return { axes, heatmaps, curves, boxes };
}
