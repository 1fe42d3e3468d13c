/**
 * `compare.html`: several campaigns on one page. One learning-curve plot per headline metric (campaigns with
 * different headlines are not drawn on one axis), against molecules labeled, one colour per campaign, with
 * random acquisition's expected curve where it is known (one per pool size); and a table of the campaigns.
 */
import {
  curvesFigure,
  randomTopkBaseline,
  seriesStyle,
  type CurveBaseline,
  type CurveSeries,
} from '../dashboard/curves-figure.js';
import { escapeHtml } from '../dashboard/escape-html.js';
import { hasRandomBaseline } from '../dashboard/metric-range.js';
import type { PlotlyFigure } from '../dashboard/plotly-figure.js';
import { card, renderResultsPage, table } from '../dashboard/results-page.js';
import type { ComparedCampaign } from './read-compared-campaign.js';

const fmt = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

function series(c: ComparedCampaign, i: number): CurveSeries {
  return {
    name: c.name,
    ...seriesStyle(i),
    x: c.points.map((p) => p.labeled),
    mean: c.points.map((p) => p.value),
    sd: c.points.map(() => null),
    n: c.points.map(() => 1),
    hover: c.points.map((p) => `${c.dir}: generation ${p.generation}`),
  };
}

function baselines(metric: string, campaigns: readonly ComparedCampaign[]): CurveBaseline[] {
  if (!hasRandomBaseline(metric)) return [];
  const pools = [...new Set(campaigns.flatMap((c) => (c.pool === null ? [] : [c.pool])))];
  return pools.map((pool) => {
    const labeled = campaigns.filter((c) => c.pool === pool).flatMap((c) => c.points.map((p) => p.labeled));
    return randomTopkBaseline(pools.length === 1 ? 'random baseline' : `random baseline (pool ${pool})`, labeled, pool);
  });
}

/** Display names: a name used by two campaigns gets its folder added. */
function uniqueNames(campaigns: readonly ComparedCampaign[]): ComparedCampaign[] {
  const count = new Map<string, number>();
  for (const c of campaigns) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return campaigns.map((c) => ((count.get(c.name) ?? 0) > 1 ? { ...c, name: `${c.name} (${c.dir})` } : c));
}

export function renderComparePage(input: readonly ComparedCampaign[]): string {
  const campaigns = uniqueNames(input);
  const metrics = [...new Set(campaigns.map((c) => c.headline))];
  const figures: Record<string, PlotlyFigure> = {};
  const plots = metrics.map((metric, m) => {
    const id = `plot-compare-${m}`;
    const members = campaigns.map((c, i) => ({ c, i })).filter(({ c }) => c.headline === metric);
    const bases = baselines(
      metric,
      members.map(({ c }) => c),
    );
    figures[id] = curvesFigure({ metric, series: members.map(({ c, i }) => series(c, i)), baselines: bases });
    const hint =
      `${metric} against molecules labeled, one colour per campaign` +
      (bases.length === 0 ? '' : ', dashed grey: random acquisition');
    return card(`Learning curves (${metric})`, hint, `<div class="plot tall" id="${escapeHtml(id)}"></div>`);
  });
  const rows = campaigns.map((c) => [
    c.name,
    c.dir,
    c.model ?? '–',
    c.strategy ?? '–',
    c.generations === null ? String(c.generation) : `${c.generation} / ${c.generations}`,
    String(c.labeled),
    c.status,
    `${c.headline} ${fmt(c.headlineValue)}`,
  ]);
  const summary = card(
    'Campaigns',
    `${campaigns.length} compared`,
    table(['name', 'folder', 'model', 'strategy', 'generations', 'labeled', 'status', 'headline'], rows, [4, 5]),
  );
  return renderResultsPage({
    title: 'Campaign comparison',
    meta: campaigns.map((c) => c.name).join(' · '),
    badge: null,
    body: `${summary}\n${plots.join('\n')}`,
    figures,
    footer: `read from ${campaigns.map((c) => `<code>${escapeHtml(c.dir)}</code>`).join(', ')}`,
  });
}
