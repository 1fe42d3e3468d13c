/**
 * The status page's inline script, as text (plain ES2017, no build step; it runs in the viewer's browser).
 * It keeps the scroll position across the meta refresh, shows how long ago the page was written, and draws
 * the plots with `Plotly.newPlot` from the JSON data island `#status-data`.
 */
import { plotFiguresScript } from './page-plotting.js';

export const STATUS_PAGE_SCRIPT = `(function () {
  'use strict';
  var started = performance.now();
  var KEY = 'alcove-status-scroll:' + location.pathname;
  function saveScroll() {
    try { sessionStorage.setItem(KEY, String(Math.round(window.scrollY))); } catch (e) { /* storage off */ }
  }
  function restoreScroll() {
    var y = 0;
    try { y = Number(sessionStorage.getItem(KEY)) || 0; } catch (e) { y = 0; }
    if (y > 0) window.scrollTo(0, y);
  }
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  window.addEventListener('beforeunload', saveScroll);
  window.addEventListener('pagehide', saveScroll);
  var pending = null;
  window.addEventListener('scroll', function () {
    if (pending === null) pending = setTimeout(function () { pending = null; saveScroll(); }, 100);
  }, { passive: true });

  var model = JSON.parse(document.getElementById('status-data').textContent);

  function ago(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    if (s < 90) return s + ' s ago';
    var m = Math.round(s / 60);
    if (m < 90) return m + ' min ago';
    return Math.round(m / 60) + ' h ago';
  }
  var updated = document.getElementById('updated-ago');
  if (updated) {
    var age = Date.now() - model.updatedAt;
    updated.textContent = '(' + ago(age) + ')';
    if (model.status === 'running' && age > model.staleAfterMs) {
      updated.parentNode.classList.add('stale');
      updated.textContent = '(' + ago(age) + ' \\u2014 is the campaign still running?)';
    }
  }

  ${plotFiguresScript('model.figures')}
  restoreScroll();
  Promise.all(jobs).then(function () {
    restoreScroll();
    // For the browser test and benchmarks: plots drawn, and ms from script start / navigation start.
    document.documentElement.setAttribute('data-plot-ms', String(Math.round(performance.now() - started)));
    document.documentElement.setAttribute('data-page-ms', String(Math.round(performance.now())));
    document.documentElement.setAttribute('data-rendered', String(jobs.length));
  });
})();`;
