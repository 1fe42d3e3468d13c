/**
 * The status page's plots as the report's PNG figures: which ones, under which file names, and the
 * page that renders them headless (plotly's own `toImage`, the images handed back in the page's DOM).
 */
import { escapeHtml, toScriptJson } from './escape-html.js';
import type { PageModel } from './page-model.js';
import type { PlotSpec } from './plot-spec.js';
import { toPlotlyFigure, type PlotlyFigure } from './plotly-figure.js';
import { PLOTLY_FILE } from './render-status-page.js';

export interface ReportFigure {
  /** The PNG's file name in the state folder. */
  readonly file: string;
  readonly title: string;
}

/** Width of the figures in CSS pixels; they are rendered at twice that for print. */
export const FIGURE_WIDTH = 760;
const FIGURE_HEIGHT = 440;

/** A figure carries its title and hint inside the image, so that it still says what it is when copied. */
function titled(figure: PlotlyFigure, spec: PlotSpec): PlotlyFigure {
  const hint =
    spec.hint === undefined ? '' : `<br><span style="font-size:11px;color:#59636e">${escapeHtml(spec.hint)}</span>`;
  const margin = { l: 64, r: 16, t: 96, b: 48 };
  return {
    data: figure.data,
    layout: {
      ...figure.layout,
      title: {
        text: `<b>${escapeHtml(spec.title)}</b>${hint}`,
        x: 0.01,
        xanchor: 'left',
        y: 0.97,
        yref: 'container',
        pad: { t: 6 },
        yanchor: 'top',
        font: { size: 15 },
      },
      margin,
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom', font: { size: 11 } },
    },
  };
}

/** The plots worth a figure in a lab notebook, drawn where they have data. */
export function reportFigureSpecs(model: PageModel): { figure: ReportFigure; plot: PlotlyFigure }[] {
  const p = model.plots;
  const wanted = [
    [p.learningCurve, 'figure-learning-curve.png'],
    [p.heldOutParity, 'figure-held-out-parity.png'],
    [p.parity, 'figure-parity.png'],
    [p.calibration, 'figure-calibration.png'],
    [p.labels, 'figure-labels.png'],
    [p.timings, 'figure-timings.png'],
  ] as const;
  return wanted
    .flatMap(([spec, file]) => (spec !== null && spec.emptyText === null ? [{ spec, file }] : []))
    .map(({ spec, file }) => ({
      figure: { file, title: spec.title },
      plot: titled(toPlotlyFigure(spec, FIGURE_HEIGHT), spec),
    }));
}

/** The id of the element the rendering page writes its result into (JSON: file name → PNG data URL). */
export const FIGURE_RESULT_ID = 'figures';

/**
 * A page for a headless browser that loads plotly from its own folder, draws each figure and writes
 * `{ file: "data:image/png;base64,..." }` (or `{ error }`) as text into `#figures`.
 */
export function figurePage(figures: readonly { figure: ReportFigure; plot: PlotlyFigure }[]): string {
  const data = toScriptJson(figures.map((f) => ({ file: f.figure.file, data: f.plot.data, layout: f.plot.layout })));
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>
<pre id="${FIGURE_RESULT_ID}"></pre>
<script src="${PLOTLY_FILE}"></script>
<script type="application/json" id="figure-data">${data}</script>
<script>
(function () {
  var out = document.getElementById('${FIGURE_RESULT_ID}');
  var figures = JSON.parse(document.getElementById('figure-data').textContent);
  var result = {};
  Promise.all(figures.map(function (f) {
    var el = document.createElement('div');
    document.body.appendChild(el);
    var layout = Object.assign({}, f.layout, { width: ${FIGURE_WIDTH}, autosize: false });
    return Plotly.newPlot(el, f.data, layout, { staticPlot: true }).then(function (gd) {
      return Plotly.toImage(gd, { format: 'png', width: ${FIGURE_WIDTH}, height: layout.height, scale: 2 });
    }).then(function (url) { result[f.file] = url; });
  })).then(function () { out.textContent = JSON.stringify(result); },
    function (e) { out.textContent = JSON.stringify({ error: String(e) }); });
})();
</script></body></html>
`;
}
