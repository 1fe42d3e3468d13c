/**
 * The frame of the result pages that are not a campaign's own (`sweep.html`, `compare.html`): the status
 * page's stylesheet, a header, sections given as HTML, and plotly figures from a JSON data island drawn by one
 * fixed inline script (allowed by its CSP hash; nothing is fetched from the network). Callers escape their text.
 */
import { escapeHtml, toScriptJson } from './escape-html.js';
import { pageCsp, plotFiguresScript } from './page-plotting.js';
import type { PlotlyFigure } from './plotly-figure.js';
import { STATUS_PAGE_CSS } from './status-page-style.js';

/** The plotly bundle's file name next to the page (as for status.html). */
export const RESULTS_PLOTLY_FILE = 'plotly.min.js';

export interface ResultsPageInput {
  readonly title: string;
  /** Short text after the title (escaped here). */
  readonly meta: string;
  /** Badge text and class (done, running, failed, interrupted). */
  readonly badge: { readonly text: string; readonly kind: string } | null;
  /** The page's sections, already HTML. */
  readonly body: string;
  /** Figures by the id of their element (`<div class="plot" id="…">` in `body`). */
  readonly figures: Readonly<Record<string, PlotlyFigure>>;
  readonly footer: string;
}

export const RESULTS_PAGE_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('results-data').textContent);
  ${plotFiguresScript('data.figures')}
  Promise.all(jobs).then(function () {
    document.documentElement.setAttribute('data-rendered', String(jobs.length));
  });
})();`;

/** Only the page's own inline script and plotly from its folder may run (page-plotting.ts). */
const CSP = pageCsp(RESULTS_PAGE_SCRIPT);

const EXTRA_CSS = `
.plot.tall { height: 420px; }
.plot.wide { height: 380px; }
.plot.heat { height: 340px; }
.card p { margin: 4px 0; }
.card table { margin-top: 4px; }
section.card { margin-bottom: 14px; }
.held { border-left: 6px solid var(--orange); }
.failed-runs { border-left: 6px solid var(--red); }
td.best { font-weight: 650; }
`;

const h = escapeHtml;

export function renderResultsPage(input: ResultsPageInput): string {
  const badge = input.badge === null ? '' : `<span class="badge ${h(input.badge.kind)}">${h(input.badge.text)}</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${h(input.title)}</title>
<style>${STATUS_PAGE_CSS}${EXTRA_CSS}</style>
</head>
<body>
<main>
<header class="top">
<h1>${h(input.title)}</h1>
${badge}
<span class="meta">${h(input.meta)}</span>
</header>
${input.body}
<footer>${input.footer}</footer>
</main>
<script src="${RESULTS_PLOTLY_FILE}"></script>
<script type="application/json" id="results-data">${toScriptJson({ figures: input.figures })}</script>
<script>${RESULTS_PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** A card with a title, a hint and HTML content. */
export function card(title: string, hint: string, content: string, extraClass = ''): string {
  const cls = extraClass === '' ? 'card' : `card ${extraClass}`;
  const hintHtml = hint === '' ? '' : `<span class="hint">${h(hint)}</span>`;
  return `<section class="${cls}"><h2>${h(title)}${hintHtml}</h2>${content}</section>`;
}

/** An HTML table of escaped cells; `numeric` columns are right-aligned. */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  const th = head.map((c, i) => `<th${cls(i)}>${h(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${h(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
