import { describe, expect, it } from 'vitest';
import { buildPageModel } from '../../src/dashboard/page-model.js';
import { renderStatusPage } from '../../src/dashboard/render-status-page.js';
import { doneInput, emptyInput, failedInput, runningInput } from './status-fixtures.js';

function island(html: string): { figures: Record<string, { data: { x: unknown[] }[] }>; status: string } {
  const m = /<script type="application\/json" id="status-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null || m[1] === undefined) throw new Error('no data island');
  return JSON.parse(m[1]) as { figures: Record<string, { data: { x: unknown[] }[] }>; status: string };
}

describe('renderStatusPage', () => {
  const html = renderStatusPage(buildPageModel(runningInput()));

  it('reloads itself every 5 s by default, or as told', () => {
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(renderStatusPage(buildPageModel(runningInput()), { refreshSeconds: 1 })).toContain(
      '<meta http-equiv="refresh" content="1">',
    );
  });

  it('loads plotly from the sibling file only, and nothing from the network', () => {
    expect(html).toContain('<script src="plotly.min.js"></script>');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/@import|url\(http/);
    expect(html.length).toBeLessThan(150_000); // plotly is not inlined
  });

  it('saves and restores the scroll position through sessionStorage', () => {
    expect(html).toContain('sessionStorage.setItem');
    expect(html).toContain('beforeunload');
    expect(html).toContain('window.scrollTo(0, y)');
  });

  it('escapes untrusted text: exactly three script elements, the injected id shown as text', () => {
    expect(html.match(/<script\b/g)).toHaveLength(3);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('ran out of memory &lt;/td&gt;&lt;b&gt;x&lt;/b&gt;');
  });

  it('carries one figure per plot in a JSON island that parses', () => {
    const data = island(html);
    expect(Object.keys(data.figures).sort()).toEqual([
      'plot-calibration',
      'plot-labels',
      'plot-learning-curve',
      'plot-outcomes',
      'plot-parity',
      'plot-timings',
    ]);
    expect(data.figures['plot-learning-curve']?.data[0]?.x).toEqual([98, 196, 294, 392]);
    for (const id of Object.keys(data.figures))
      expect(html).toContain(`<div class="plot" id="${id}" data-plot="${id}"></div>`);
  });

  it('shows state, generation, labeled/budget, elapsed and ETA', () => {
    expect(html).toContain('explore');
    expect(html).toContain('generation 3 of 5');
    expect(html).toMatch(/392 <span class="sub">\/ 588<\/span>/);
    expect(html).toContain('1 min 00 s');
    expect(html).toContain('>21 s<');
    expect(html).toContain('2 rounds left × 10 s');
  });

  it('shows each molecule with its drawing as an image, its label named, prediction ± σ and generation', () => {
    const best = html.slice(html.indexOf('id="best"'), html.indexOf('id="picks"'));
    expect(best.match(/<figure class="mol">/g)).toHaveLength(24);
    // 23 drawn; the first one's SMILES does not parse, so it has none.
    expect(best.match(/<img class="mol-img" src="data:image\/svg\+xml,%3Csvg /g)).toHaveLength(23);
    expect(best).toContain('<span class="mol-lname" title="pIC50">pIC50</span><b>9.50</b>');
    expect(best).toContain('predicted <b>8.10</b> ± 0.40');
    expect(best).toContain('first batch: no prediction');
    expect(best).toContain('title="generation that picked it">g3<');
    expect(html).toContain('Measured within ±1σ of the prediction');
  });

  it('keeps markup in ids and SMILES as text, in the page and in the image alt', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(3)&gt;');
    expect(html).toContain('alt="structure of &lt;img src=x onerror=alert(3)&gt;"');
    expect(html).toContain('CC(=O)Nc1ccc(O)cc1&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('says it is waiting for the first round and draws no plot', () => {
    const empty = renderStatusPage(buildPageModel(emptyInput()));
    expect(empty).toContain('Waiting for the first round');
    expect(empty).not.toContain('<div class="plot" id=');
    expect(Object.keys(island(empty).figures)).toEqual([]);
  });

  it('puts the failure reason up front when failed', () => {
    const failed = renderStatusPage(buildPageModel(failedInput()));
    const banner = failed.indexOf('role="alert"');
    expect(banner).toBeGreaterThan(0);
    expect(banner).toBeLessThan(failed.indexOf('class="kpis"'));
    expect(failed.slice(banner, failed.indexOf('</section>', banner))).toContain('30 of 98 oracle calls failed');
    expect(failed).toContain('--resume');
  });

  it('says done and why', () => {
    const done = renderStatusPage(buildPageModel(doneInput()));
    expect(done).toContain('Campaign done (stopped: budget)');
    expect(done).toContain('finished');
  });
});
