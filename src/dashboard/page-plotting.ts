/**
 * What the status page and the results pages (results-page.ts) share to draw their figures: the inline
 * script's loop that hands each figure of the JSON data island to `Plotly.newPlot` (or says that plotly.min.js
 * is missing), and the Content-Security-Policy that lets only that inline script (by its hash) and plotly from
 * the page's folder run. Defence in depth behind the escaping: nothing is fetched from the network. Plotly adds
 * <style> elements at run time, hence 'unsafe-inline' for styles (harmless here).
 */
import { createHash } from 'node:crypto';

/**
 * Plain ES2017 statements, at the top level of the page script's function: `figures` is the expression of its
 * figures by element id; leaves the promises of the plots drawn in `var jobs`.
 */
export function plotFiguresScript(figures: string): string {
  return `var ids = Object.keys(${figures});
  var jobs = [];
  for (var i = 0; i < ids.length; i++) {
    var el = document.getElementById(ids[i]);
    if (!el) continue;
    if (typeof Plotly === 'undefined') {
      el.className = 'plot-empty';
      el.textContent = 'plotly.min.js was not found next to this page';
      continue;
    }
    var fig = ${figures}[ids[i]];
    jobs.push(Plotly.newPlot(el, fig.data, fig.layout, {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d'],
      toImageButtonOptions: { format: 'svg', filename: ids[i] }
    }));
  }`;
}

/** The policy of a page whose only inline script is `script`. */
export function pageCsp(script: string): string {
  const hash = `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
  return [
    "default-src 'none'",
    `script-src 'self' file: '${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
