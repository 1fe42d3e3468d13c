/**
 * `sweep.html`: a static, offline page in the status page's style (plotly from the sibling `plotly.min.js`,
 * data in a JSON island): the best setting, runs and utilisation, held runs, failed runs (only when some
 * failed), the heatmap with its numbers, learning curves against molecules labeled, the spread across seeds,
 * and the per-combination table.
 */
import { escapeHtml } from '../dashboard/escape-html.js';
import { curvesFigure } from '../dashboard/curves-figure.js';
import type { PlotlyFigure } from '../dashboard/plotly-figure.js';
import { card, renderResultsPage, table } from '../dashboard/results-page.js';
import { boxesFigure, buildFigures, chooseAxes, heatmapFigure, paramText, type SweepFigures } from './sweep-figures.js';
import type { SweepResults, SweepStatusInfo } from './sweep-results.js';

export interface SweepPageInput {
  readonly status: SweepStatusInfo;
  readonly results: SweepResults;
}

const h = escapeHtml;
const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined ? '–' : v.toFixed(digits);

function kpi(label: string, value: string, sub: string): string {
  return `<div class="kpi"><div class="label">${h(label)}</div><div class="value">${h(value)}</div><div class="sub">${h(sub)}</div></div>`;
}

function kpis(status: SweepStatusInfo, results: SweepResults): string {
  const done = results.rows.filter((r) => r.status === 'done').length;
  const u = status.utilisation;
  const best = results.best;
  return (
    '<section class="kpis">' +
    kpi(
      `best ${status.metric}`,
      best === null ? '—' : fmt(best.mean),
      best === null ? 'no finished run yet' : `± ${fmt(best.sd)} over ${best.n} seeds · ${paramText(best.params)}`,
    ) +
    kpi('Runs', `${results.rows.length} / ${status.total}`, `${done} done · ${results.failed.length} failed`) +
    kpi(
      'Worker CPU',
      u === null || u.cpu_ratio === null ? '—' : `${fmt(u.cpu_ratio * 100, 1)}%`,
      u === null
        ? 'not measured'
        : `${u.cpu_worker_s === null ? 'CPU time not known here' : `${fmt(u.cpu_worker_s, 1)} of ${fmt(u.available_worker_s, 1)} worker-s on a CPU`} ` +
            `(${u.threads} threads × ${fmt(u.wall_s, 1)} s); tasks outstanding ` +
            `${u.ratio === null ? '—' : `${fmt(u.ratio * 100, 1)}%`} of the time`,
    ) +
    kpi('Goal', status.goal, `metric ${status.metric}`) +
    '</section>'
  );
}

function plotDiv(id: string, cls = 'plot'): string {
  return `<div class="${cls}" id="${h(id)}"></div>`;
}

function figuresSection(f: SweepFigures, metric: string, figures: Record<string, PlotlyFigure>): string {
  const parts: string[] = [];
  f.heatmaps.forEach((hm, i) => {
    const id = `plot-heatmap-${i}`;
    figures[id] = heatmapFigure(hm, f.axes, metric);
    const title = f.axes.facet === null ? `Final ${metric}` : `Final ${metric}, ${f.axes.facet} = ${hm.facet}`;
    parts.push(card(title, 'mean over seeds in each cell', plotDiv(id, 'plot heat')));
  });
  const heatmaps = `<div class="grid">${parts.join('\n')}</div>`;
  let curves: string;
  if (f.curves.length === 0) curves = card('Learning curves', '', '<p class="none">No finished run yet.</p>');
  else {
    figures['plot-curves'] = curvesFigure({
      metric,
      series: f.curves,
      baselines: f.baseline === null ? [] : [f.baseline],
    });
    const hint =
      `${metric} against molecules labeled, a colour per setting` +
      (f.axes.curves === null ? '' : ` (dash: ${f.axes.curves})`) +
      `, ` +
      `band: ± 1 sd over seeds` +
      (f.baseline === null ? '' : ', dashed grey: random acquisition');
    curves = card('Learning curves', hint, plotDiv('plot-curves', 'plot tall'));
  }
  let boxes = '';
  if (f.boxes.length > 0) {
    figures['plot-boxes'] = boxesFigure(f.boxes, metric);
    boxes = card(`Final ${metric} across seeds`, 'one box per combination', plotDiv('plot-boxes', 'plot wide'));
  }
  return `${heatmaps}\n${curves}\n${boxes}`;
}

function tables(status: SweepStatusInfo, results: SweepResults): string {
  const parts: string[] = [];
  if (status.held.length > 0)
    parts.push(
      card(
        `Held runs (${status.held.length})`,
        'waiting for their window',
        table(
          ['run', 'parameters', 'seed', 'until', 'reason'],
          status.held.map((x) => [x.id, paramText(x.params), String(x.seed), x.until, x.reason]),
          [2],
        ),
        'held',
      ),
    );
  if (results.failed.length > 0)
    parts.push(
      card(
        `Failed runs (${results.failed.length})`,
        'each run has its state folder under runs/',
        table(
          ['run', 'parameters', 'seed', 'error'],
          results.failed.map((x) => [x.id, paramText(x.params), String(x.seed), x.error ?? '']),
          [2],
        ),
        'failed-runs',
      ),
    );
  const worst = status.goal === 'maximize' ? -Infinity : Infinity;
  const sorted = [...results.combos].sort((a, b) =>
    status.goal === 'maximize' ? (b.mean ?? worst) - (a.mean ?? worst) : (a.mean ?? worst) - (b.mean ?? worst),
  );
  parts.push(
    card(
      'Per combination',
      `final ${status.metric} over seeds, best first`,
      table(
        ['parameters', 'mean', 'sd', 'n', 'failed', 'min', 'max'],
        sorted.map((c) => [
          paramText(c.params),
          fmt(c.mean),
          fmt(c.sd),
          String(c.n),
          String(c.failed),
          fmt(c.min),
          fmt(c.max),
        ]),
        [1, 2, 3, 4, 5, 6],
      ),
    ),
  );
  return parts.join('\n');
}

export function renderSweepPage(input: SweepPageInput): string {
  const { status, results } = input;
  const f = buildFigures(results.rows, results.combos, status.metric, chooseAxes(status.paramKeys, status.plots));
  const figures: Record<string, PlotlyFigure> = {};
  const notes = status.notes.length === 0 ? '' : card('Notes', '', status.notes.map((n) => `<p>${h(n)}</p>`).join(''));
  const body = [kpis(status, results), notes, figuresSection(f, status.metric, figures), tables(status, results)].join(
    '\n',
  );
  return renderResultsPage({
    title: `Sweep ${status.name}`,
    meta: `${status.total} runs · metric ${status.metric} (${status.goal}) · parameters ${status.paramKeys.join(', ') || '(none)'}`,
    badge: { text: status.state, kind: status.state === 'holding' ? 'interrupted' : status.state },
    body,
    figures,
    footer: 'results.csv · results.json · summary.csv in the same folder; each run in runs/&lt;id&gt;/',
  });
}
