/**
 * Lays out a `PageModel` as one self-contained HTML page: inline CSS and script, plots drawn by plotly
 * loaded from the sibling file `plotly.min.js` (never the network, never inlined), data in a JSON island.
 * Every piece of text from the campaign goes through `escapeHtml` / `toScriptJson`.
 */
import { escapeHtml, toScriptJson } from './escape-html.js';
import { formatClockUtc, formatCount, formatDuration, formatMetric } from './format.js';
import type { PageModel } from './page-model.js';
import type { PlotSpec } from './plot-spec.js';
import { toPlotlyFigure, type PlotlyFigure } from './plotly-figure.js';
import { moleculeGrid } from './molecule-cards.js';
import { pageCsp } from './page-plotting.js';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_CSS } from './status-page-style.js';

/** The plotly bundle's file name next to the page. */
export const PLOTLY_FILE = 'plotly.min.js';

export interface RenderStatusPageOptions {
  /** Seconds between the page's reloads (`<meta http-equiv="refresh">`); default 5. */
  readonly refreshSeconds?: number;
  /** A running campaign whose page is older than this is flagged as possibly stalled; default 10 min. */
  readonly staleAfterMs?: number;
}

const h = escapeHtml;
/** The height of the plots in the two-column grid (the CSS's `.grid.two .plot`). */
const TALL_PLOT = 340;

/** Only the page's own inline script and plotly from its folder may run (page-plotting.ts). */
const CSP = pageCsp(STATUS_PAGE_SCRIPT);

function kpi(label: string, value: string, sub: string, extra = ''): string {
  return (
    `<div class="kpi"><div class="label">${h(label)}</div><div class="value">${value}</div>` +
    `<div class="sub">${sub}</div>${extra}</div>`
  );
}

function banner(m: PageModel): string {
  if (m.status === 'failed' || m.status === 'interrupted') {
    const what = m.status === 'failed' ? 'Campaign failed' : 'Campaign interrupted';
    return (
      `<section class="banner ${m.status}" role="alert"><h2>${what}` +
      (m.state === m.status ? '' : ` in state <code>${h(m.state)}</code>`) +
      `</h2>` +
      `<p class="reason">${h(m.failureReason ?? '')}</p>` +
      `<p>The checkpoint is kept: fix the cause, then continue with <code>npm start -- --resume</code>.</p></section>`
    );
  }
  if (m.status === 'done') {
    const why = m.stopReason === null ? '' : ` (stopped: ${h(m.stopReason)})`;
    return (
      `<section class="banner done"><h2>Campaign done${why}</h2>` +
      `<p>${formatCount(m.labeled)} molecules labeled in ${m.roundsFinished} rounds, ` +
      `${h(formatDuration(m.elapsedSeconds))}.</p></section>`
    );
  }
  if (m.waiting) {
    return (
      `<section class="banner waiting"><h2>Waiting for the first round</h2>` +
      `<p>Now in <code>${h(m.state)}</code>; ` +
      'the plots appear once generation 0 has been trained and evaluated.</p></section>'
    );
  }
  return '';
}

function kpis(m: PageModel): string {
  const pct = Math.round(m.budgetFraction * 1000) / 10;
  const progress =
    `<div class="progress" role="progressbar" aria-label="budget" aria-valuemin="0" aria-valuemax="100" ` +
    `aria-valuenow="${pct}"><span style="width:${pct}%"></span></div>`;
  const eta =
    m.status === 'done'
      ? kpi('ETA', 'finished', `mean round ${h(formatDuration(m.meanRoundSeconds))}`)
      : kpi(
          'ETA',
          m.etaSeconds === null ? '—' : h(formatDuration(m.etaSeconds)),
          m.etaAt === null
            ? m.status === 'running'
              ? 'known after the first round'
              : 'not running'
            : `≈ ${h(formatClockUtc(m.etaAt))} UTC · ${m.roundsTotal - m.roundsFinished} rounds left × ` +
                h(formatDuration(m.meanRoundSeconds)),
        );
  const headlineSub =
    m.headlineLatest === null
      ? 'no value yet'
      : `best ${h(formatMetric(m.headlineBest))}` +
        (m.baselineLatest === null ? '' : ` · random ${h(formatMetric(m.baselineLatest))}`);
  return (
    `<section class="kpis">` +
    kpi(
      'State',
      h(m.state),
      `generation ${m.generation} of ${m.generations} · round ${m.roundsFinished}/${m.roundsTotal}`,
    ) +
    kpi(
      'Labeled',
      `${formatCount(m.labeled)} <span class="sub">/ ${formatCount(m.budget)}</span>`,
      `${pct}% of budget · pool ${formatCount(m.poolSize)}`,
      progress,
    ) +
    kpi(m.headlineShort, h(formatMetric(m.headlineLatest)), headlineSub) +
    kpi('Elapsed', h(formatDuration(m.elapsedSeconds)), `since ${h(formatClockUtc(m.startedAt))} UTC`) +
    eta +
    kpi(
      'Tasks',
      `${formatCount(m.totals.ok + m.totals.retried)} <span class="sub">ok</span>`,
      `${formatCount(m.totals.retried)} retried · ${formatCount(m.totals.failed)} failed`,
    ) +
    `</section>`
  );
}

function plotCard(spec: PlotSpec, hint: string, below = '', cls = ''): string {
  const body =
    spec.emptyText === null
      ? `<div class="plot" id="${h(spec.id)}" data-plot="${h(spec.id)}"></div>`
      : `<div class="plot-empty" data-plot-empty="${h(spec.id)}">${h(spec.emptyText)}</div>`;
  return (
    `<section class="card${cls === '' ? '' : ` ${cls}`}"><h2>${h(spec.title)}</h2><p class="hint">${h(spec.hint ?? hint)}</p>` +
    `${body}${below}</section>`
  );
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The ±1σ/±2σ coverage under the calibration plot: the numbers a chemist checks first. */
function coverageLine(m: PageModel): string {
  const c = m.coverage;
  if (c === null) return '';
  return (
    `<p class="coverage">Measured within ±1σ of the prediction: <b>${pct(c.within1)}</b> (calibrated: 68%) · ` +
    `within ±2σ: <b>${pct(c.within2)}</b> (95%) · ${formatCount(c.n)} picks</p>`
  );
}

/**
 * The science plots in two columns. With a held-out set: the learning curve across both, then the two
 * parity plots side by side on one scale (the held-out set's, the batches' at acquisition), then the
 * calibration and the labels; without one, the four plots two by two.
 */
function sciencePlots(m: PageModel): string {
  const p = m.plots;
  const batchParity = m.campaign.task === 'classification' ? '' : plotCard(p.parity, '');
  const rest = `${plotCard(p.calibration, '', coverageLine(m))}\n${plotCard(p.labels, '')}`;
  if (p.heldOutParity === null) return `${plotCard(p.learningCurve, '')}\n${batchParity}\n${rest}`;
  return `${plotCard(p.learningCurve, '', '', 'span')}\n${plotCard(p.heldOutParity, '')}\n${batchParity}\n${rest}`;
}

function bestSection(m: PageModel): string {
  const body =
    m.best.length === 0 ? `<p class="none">No labeled molecules yet.</p>` : moleculeGrid(m.best, m.label.name, true);
  const better = m.campaign.objective === 'minimize' ? 'lowest' : 'highest';
  return (
    `<section class="card wide" id="best"><h2>Best molecules</h2>` +
    `<p class="hint">top ${m.best.length} by ${h(m.label.name)}, ${better} first` +
    (m.label.source === '' ? '' : ` · label: ${h(m.label.source)}`) +
    `</p>${body}</section>`
  );
}

function picksSection(m: PageModel): string {
  if (m.picks.length === 0) return '';
  const rounds = m.picks
    .map(
      (p) =>
        `<h3>Generation ${p.generation}<span class="hint">` +
        `${p.generation === 0 ? 'the first batch (random)' : 'best predicted first'}, ${p.molecules.length} shown</span></h3>` +
        moleculeGrid(p.molecules, m.label.name, false),
    )
    .join('');
  return (
    `<section class="card wide" id="picks"><h2>Each round's picks</h2>` +
    `<p class="hint">the last ${m.picks.length} generations, newest first; the prediction is the model's when it chose the batch</p>` +
    `${rounds}</section>`
  );
}

const BAD_KIND = /fail|error|retry|oom|timeout|crash|interrupt/i;

function eventsTable(m: PageModel): string {
  if (m.events.length === 0) return `<p class="none">No events yet.</p>`;
  const rows = m.events
    .map(
      (e) =>
        `<tr><td class="time" title="${h(e.iso)}">${h(e.clock)}</td>` +
        `<td class="kind"><span class="kind-tag${BAD_KIND.test(e.kind) ? ' bad' : ''}">${h(e.kind)}</span></td>` +
        `<td class="msg">${h(e.message)}</td></tr>`,
    )
    .join('');
  const head = '<tr><th>time (UTC)</th><th>kind</th><th>message</th></tr>';
  return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

function failuresList(m: PageModel): string {
  if (m.failures.length === 0) return `<p class="none">No failures.</p>`;
  return `<ul class="failures">${m.failures.map((f) => `<li>${h(f)}</li>`).join('')}</ul>`;
}

export function renderStatusPage(model: PageModel, options: RenderStatusPageOptions = {}): string {
  const refresh = Math.max(1, Math.round(options.refreshSeconds ?? 5));
  const figures: Record<string, PlotlyFigure> = {};
  const p = model.plots;
  // The campaign's science in two wide columns (taller plots); its machinery in three below.
  for (const spec of [p.learningCurve, p.heldOutParity, p.parity, p.calibration, p.labels]) {
    if (spec !== null && spec.emptyText === null) figures[spec.id] = toPlotlyFigure(spec, TALL_PLOT);
  }
  for (const spec of [p.outcomes, p.timings]) {
    if (spec.emptyText === null) figures[spec.id] = toPlotlyFigure(spec);
  }
  const island = toScriptJson({
    updatedAt: model.updatedAt,
    status: model.status,
    staleAfterMs: options.staleAfterMs ?? 600_000,
    figures,
  });
  const c = model.campaign;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="${refresh}">
<meta http-equiv="Content-Security-Policy" content="${h(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${h(model.title)}</title>
<style>${STATUS_PAGE_CSS}</style>
</head>
<body data-status="${h(model.status)}">
<main>
<header class="top">
<h1>${h(c.name)}</h1>
<span class="badge ${h(model.status)}">${h(model.status)}</span>
<span class="meta">${h(c.task)} · ${h(c.objective)} ${h(model.label.name)} · ${h(c.strategy)} acquisition</span>
<span class="updated">updated ${h(model.updatedText)} UTC <span id="updated-ago"></span></span>
</header>
${banner(model)}
${kpis(model)}
<div class="grid two">
${sciencePlots(model)}
</div>
${bestSection(model)}
${picksSection(model)}
<div class="grid">
${plotCard(p.outcomes, 'summed over stages')}
${plotCard(p.timings, 'stacked by stage')}
</div>
<div class="grid">
<section class="card"><h2>Failures<span class="hint">${model.failures.length}</span></h2>${failuresList(model)}</section>
<section class="card"><h2>Events<span class="hint">last ${model.events.length}, newest first</span></h2>${eventsTable(model)}</section>
</div>
<footer>config <code>${h(c.configFile)}</code> · dataset <code>${h(c.datasetPath)}</code> · started ${h(formatClockUtc(model.startedAt))} UTC · reloads every ${refresh} s</footer>
</main>
<script src="${PLOTLY_FILE}"></script>
<script type="application/json" id="status-data">${island}</script>
<script>${STATUS_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
