/**
 * `sweep.html`: a static, offline page (plotly from the sibling `plotly.min.js`, data in a JSON island) with
 * the best settings, utilisation, held and failed runs, the comparison plots and the per-combination table.
 */
import { escapeHtml, toScriptJson } from '../dashboard/escape-html.js';
import { PLOTLY_FILE } from '../dashboard/render-status-page.js';
import { buildFigures, chooseAxes } from './sweep-figures.js';
import type { SweepResults, SweepStatusInfo } from './sweep-results.js';

export interface SweepPageInput {
  readonly status: SweepStatusInfo;
  readonly results: SweepResults;
}

const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined ? '–' : v.toFixed(digits);
const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const paramText = (p: Readonly<Record<string, unknown>>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${show(v)}`)
    .join(', ') || '(base)';

const SCRIPT = `
const data = JSON.parse(document.getElementById('sweep-data').textContent);
const metric = data.metric;
const cfg = { displaylogo: false, responsive: true };
const host = document.getElementById('heatmaps');
data.figures.heatmaps.forEach((h, i) => {
  const div = document.createElement('div');
  div.className = 'plot';
  host.appendChild(div);
  Plotly.newPlot(div, [{ type: 'heatmap', x: h.x, y: h.y, z: h.z, colorscale: 'Viridis', text: h.n, hovertemplate: '%{x} / %{y}: %{z:.3f} (n=%{text})<extra></extra>' }],
    { title: { text: (data.figures.axes.facet ? data.figures.axes.facet + ' = ' + h.facet : metric) }, xaxis: { title: { text: data.figures.axes.x || '' }, type: 'category' }, yaxis: { title: { text: data.figures.axes.y || '' }, type: 'category' }, margin: { t: 40 } }, cfg);
});
const traces = [];
data.figures.curves.forEach((c, i) => {
  const upper = c.mean.map((m, j) => m + c.sd[j]);
  const lower = c.mean.map((m, j) => m - c.sd[j]);
  traces.push({ x: c.generations, y: upper, mode: 'lines', line: { width: 0 }, showlegend: false, hoverinfo: 'skip', legendgroup: c.label });
  traces.push({ x: c.generations, y: lower, mode: 'lines', line: { width: 0 }, fill: 'tonexty', fillcolor: 'rgba(100,100,200,0.15)', showlegend: false, hoverinfo: 'skip', legendgroup: c.label });
  traces.push({ x: c.generations, y: c.mean, mode: 'lines+markers', name: c.label, legendgroup: c.label });
});
Plotly.newPlot('curves', traces, { title: { text: metric + ' per round by ' + (data.figures.axes.curves || 'run') + ' (mean ± sd over runs)' }, xaxis: { title: { text: 'generation' } }, yaxis: { title: { text: metric } }, margin: { t: 40 } }, cfg);
Plotly.newPlot('boxes', data.figures.boxes.map((b) => ({ type: 'box', y: b.values, name: b.label, boxpoints: 'all', jitter: 0.3 })),
  { title: { text: 'final ' + metric + ' across seeds, per combination' }, showlegend: false, margin: { t: 40, b: 160 } }, cfg);
`;

export function renderSweepPage(input: SweepPageInput): string {
  const { status, results } = input;
  const figures = buildFigures(results.rows, results.combos, status.metric, chooseAxes(status.paramKeys, status.plots));
  const u = status.utilisation;
  const best = results.best;
  const done = results.rows.filter((r) => r.status === 'done').length;
  const rowsOf = <T>(items: readonly T[], cells: (t: T) => string[]) =>
    items
      .map(
        (t) =>
          `<tr>${cells(t)
            .map((c) => `<td>${c}</td>`)
            .join('')}</tr>`,
      )
      .join('\n');
  const sorted = [...results.combos].sort((a, b) => {
    const am = a.mean ?? (status.goal === 'maximize' ? -Infinity : Infinity);
    const bm = b.mean ?? (status.goal === 'maximize' ? -Infinity : Infinity);
    return status.goal === 'maximize' ? bm - am : am - bm;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sweep ${escapeHtml(status.name)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1.5em; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
.plot { width: 48%; min-width: 420px; height: 380px; display: inline-block; } #curves, #boxes { height: 460px; }
.held { background: #fff4d6; padding: .5em 1em; border-left: 4px solid #e0a800; } .failed { color: #a00; }
</style></head><body>
<h1>Sweep ${escapeHtml(status.name)}</h1>
<p>State: <b>${escapeHtml(status.state)}</b>. Runs: ${results.rows.length} of ${status.total} finished (${done} done, ${results.failed.length} failed). Metric: <b>${escapeHtml(status.metric)}</b> (${status.goal}).</p>
<p>Utilisation: ${u === null ? '–' : `${fmt(u.ratio === null ? null : u.ratio * 100, 1)}% (${fmt(u.busy_worker_s, 1)} busy worker-s of ${fmt(u.available_worker_s, 1)} available: ${u.threads} threads × ${fmt(u.wall_s, 1)} s)`}</p>
${status.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
<h2>Best</h2>
${best === null ? '<p>No finished run has this metric yet.</p>' : `<p><b>${escapeHtml(paramText(best.params))}</b>: ${escapeHtml(status.metric)} ${fmt(best.mean)} ± ${fmt(best.sd)} (sd over n = ${best.n} seeds; range ${fmt(best.min)}–${fmt(best.max)})</p>`}
${status.held.length === 0 ? '' : `<div class="held"><h2>Held (${status.held.length})</h2><table><tr><th>run</th><th>parameters</th><th>seed</th><th>until</th><th>reason</th></tr>${rowsOf(status.held, (h) => [escapeHtml(h.id), escapeHtml(paramText(h.params)), String(h.seed), escapeHtml(h.until), escapeHtml(h.reason)])}</table></div>`}
<h2 class="failed">Failed runs (${results.failed.length})</h2>
${results.failed.length === 0 ? '<p>None.</p>' : `<table><tr><th>run</th><th>parameters</th><th>seed</th><th>error</th></tr>${rowsOf(results.failed, (f) => [escapeHtml(f.id), escapeHtml(paramText(f.params)), String(f.seed), escapeHtml(f.error ?? '')])}</table>`}
<h2>Comparison</h2>
<div id="heatmaps"></div>
<div id="curves"></div>
<div id="boxes"></div>
<h2>Per combination (over seeds)</h2>
<table><tr><th>parameters</th><th>mean</th><th>sd</th><th>n</th><th>failed</th><th>min</th><th>max</th></tr>
${rowsOf(sorted, (c) => [escapeHtml(paramText(c.params)), fmt(c.mean), fmt(c.sd), String(c.n), String(c.failed), fmt(c.min), fmt(c.max)])}
</table>
<script type="application/json" id="sweep-data">${toScriptJson({ metric: status.metric, figures })}</script>
<script src="${PLOTLY_FILE}"></script>
<script>${SCRIPT}</script>
</body></html>
`;
}
