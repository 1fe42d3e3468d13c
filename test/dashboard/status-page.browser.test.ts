/**
 * The status page in a real browser: Debian's chromium driven by playwright-core (test/helpers/browser.ts).
 * Loads pages written by `writeStatusPage` from file://, checks that plotly drew every plot, that untrusted
 * text stays text, that nothing is fetched from the network, and that the page reloads by itself keeping
 * its scroll position. Screenshots and figures go to test-artifacts/ (gitignored).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusInput } from '../../src/dashboard/status-input.js';
import { writeStatusPage } from '../../src/dashboard/write-status-page.js';
import { createStructureDrawer } from '../../src/records/structure-drawer.js';
import {
  doneInput,
  emptyInput,
  failedInput,
  heldOutInput,
  runningInput,
  XSS_ID,
  XSS_IMG_ID,
} from './status-fixtures.js';
import {
  ARTIFACTS,
  CHROMIUM,
  drawnPlots,
  HAS_CHROMIUM,
  launchChromium,
  load,
  offline,
  watch,
  type Watched,
} from '../helpers/browser.js';

/** Long enough that a page never reloads while it is being inspected; the reload test uses 1 s. */
const NO_RELOAD = 3600;

if (!HAS_CHROMIUM) {
  console.warn(
    `status-page.browser.test: skipped, ${CHROMIUM} not found (apt-get install chromium; .ci/run installs it)`,
  );
}

/** The fixtures shifted to the present, so that the page does not flag itself as stale in the screenshot. */
function live(input: StatusInput): StatusInput {
  const shift = Date.now() - input.now;
  return {
    ...input,
    startedAt: input.startedAt + shift,
    now: input.now + shift,
    events: input.events.map((e) => ({ ...e, at: e.at + shift })),
  };
}

/** Runs a JavaScript expression in the page (as text: see test/helpers/browser.ts). */
async function inPage<T>(page: Page, expression: string): Promise<T> {
  return await page.evaluate<T>(expression);
}

describe.skipIf(!HAS_CHROMIUM)(`status page in Chromium (needs ${CHROMIUM})`, () => {
  let browser: Browser;
  let root: string;
  const metrics: Record<string, number> = {};

  beforeAll(async () => {
    browser = await launchChromium();
    root = mkdtempSync(join(tmpdir(), 'alcove-browser-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
    if (Object.keys(metrics).length > 0) {
      writeFileSync(join(ARTIFACTS, 'status-page-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    }
  });

  async function open(
    name: string,
    input: StatusInput,
    refreshSeconds = NO_RELOAD,
    height = 900,
  ): Promise<Watched & { html: number }> {
    const dir = join(root, name);
    writeStatusPage(dir, input, { refreshSeconds });
    const watched = watch(await browser.newPage({ viewport: { width: 1280, height } }));
    const { page } = watched;
    const t0 = performance.now();
    await load(page, join(dir, 'status.html'));
    metrics[`${name}.renderMs`] = Math.round(performance.now() - t0);
    // In-page figures: from navigation start to plots drawn, and the plotting itself (after plotly loaded).
    metrics[`${name}.inPageMs`] = Number(await page.getAttribute('html', 'data-page-ms'));
    metrics[`${name}.plotMs`] = Number(await page.getAttribute('html', 'data-plot-ms'));
    const html = statSync(join(dir, 'status.html')).size;
    metrics[`${name}.htmlBytes`] = html;
    return { ...watched, html };
  }

  /** The fixture's molecules drawn by RDKit.js for real (its SVGs stand in for them elsewhere). */
  async function drawn(input: StatusInput): Promise<StatusInput> {
    const drawer = createStructureDrawer();
    await drawer.ready();
    const draw = <M extends StatusInput['best'][number]>(m: M): M => ({ ...m, svg: drawer.draw(m.smiles) });
    return {
      ...input,
      best: input.best.map(draw),
      picks: (input.picks ?? []).map((p) => ({ ...p, molecules: p.molecules.map(draw) })),
    };
  }

  it('draws every plot of a 4-round campaign, with untrusted text kept as text', async () => {
    const { page, errors, dialogs, requests } = await open('running', live(await drawn(runningInput())));
    const plots = await drawnPlots(page);
    expect(plots.map((p) => p.id)).toEqual([
      'plot-learning-curve',
      'plot-parity',
      'plot-calibration',
      'plot-labels',
      'plot-outcomes',
      'plot-timings',
    ]);
    for (const p of plots) expect(p.svg, p.id).toBe(true);
    const [curve, parity, calibration, labels, outcomes, timings] = plots;
    expect(curve?.traces).toEqual(['greedy acquisition', 'random acquisition (expected)']);
    expect(curve?.points).toBe(4 + 3); // the campaign + the 3 rounds with a known baseline
    expect(parity?.traces).toEqual(['picked molecule', 'y = x']);
    expect(parity?.points).toBe(36 + 2);
    expect(calibration?.traces).toEqual(['picks, binned by σ', 'calibrated (RMSE = σ)']);
    expect(labels?.traces).toEqual(['first batch, random (20)', 'picked by the model (36)']);
    expect(labels?.bars).toBe(2 * 20);
    expect(outcomes?.bars).toBe(4 * 4); // 4 rounds × (oom, timeout, retried, ok)
    expect(timings?.traces).toEqual([
      'start-up',
      'featurize',
      'train',
      'evaluate',
      'explore',
      'ground truth (benchmark)',
    ]);
    expect(timings?.bars).toBe(4 * 6);

    // Structures: RDKit's drawings, loaded as images, for every best molecule whose SMILES parses.
    const images = await inPage<{ ok: boolean; alt: string }[]>(
      page,
      `[...document.querySelectorAll('#best img.mol-img')].map((img) => ({
        ok: img.complete && img.naturalWidth > 0, alt: img.alt }))`,
    );
    expect(images).toHaveLength(23); // 24 shown, the first one's SMILES does not parse
    expect(images.every((i) => i.ok)).toBe(true);
    expect(await inPage<number>(page, `document.querySelectorAll('#picks img.mol-img').length`)).toBe(7);

    // The injected id and SMILES are visible text, never markup, and no dialog fired.
    const ids = await page.locator('#best .mol-id').allTextContents();
    expect(ids.slice(0, 2)).toEqual([XSS_ID, XSS_IMG_ID]);
    expect(await page.locator('#best .mol-smiles').first().textContent()).toContain('</script><script>alert(2)');
    expect(images[0]?.alt).toBe(`structure of ${XSS_IMG_ID}`);
    expect(await inPage<number>(page, 'document.scripts.length')).toBe(3);
    expect(await inPage<number>(page, `document.querySelectorAll('img:not(.mol-img)').length`)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    // Everything came from the page's folder: no network.
    expect(offline(requests)).toBe(true);
    expect(requests.some((u) => u.endsWith('/plotly.min.js'))).toBe(true);

    await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });
    await page.close();
  });

  it('draws the held-out parity beside the batch parity, with its error bars, on one scale', async () => {
    const { page, errors } = await open('held-out', live(heldOutInput()));
    const plots = await drawnPlots(page);
    expect(plots.map((p) => p.id)).toEqual([
      'plot-learning-curve',
      'plot-held-out-parity',
      'plot-parity',
      'plot-calibration',
      'plot-labels',
      'plot-outcomes',
      'plot-timings',
    ]);
    for (const p of plots) expect(p.svg, p.id).toBe(true);
    const [, heldOut, parity] = plots;
    expect(heldOut?.traces).toEqual(['held-out molecule', 'y = x']);
    expect(heldOut?.points).toBe(30 + 2);
    expect(heldOut?.errorBars).toBe(30);
    expect(parity?.errorBars).toBe(0);
    expect(heldOut?.xRange).toEqual(parity?.xRange);
    // Side by side: their cards in the same row, held-out on the left; the learning curve spans the row above.
    const boxes = await inPage<{ x: number; y: number; width: number }[]>(
      page,
      `['plot-learning-curve', 'plot-held-out-parity', 'plot-parity'].map((id) => {
        const r = document.getElementById(id).parentElement.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width };
      })`,
    );
    const [curve, left, right] = boxes;
    expect(left?.y).toBe(right?.y);
    expect(left?.x).toBeLessThan(right?.x ?? 0);
    expect(curve?.y).toBeLessThan(left?.y ?? 0);
    expect(curve?.width).toBeGreaterThan(1.8 * (left?.width ?? 0));
    expect(await page.locator('#plot-held-out-parity').locator('xpath=..').locator('h2').textContent()).toBe(
      'Held-out parity: predicted vs measured (R² 0.610)',
    );
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'status-page-held-out.png'), fullPage: true });
    await page.close();
  });

  it('reloads by itself and keeps the scroll position', async () => {
    const { page, errors } = await open('reload', live(runningInput()), 1, 600);
    await inPage(page, 'window.scrollTo(0, 400)');
    expect(await inPage<number>(page, 'window.scrollY')).toBe(400);
    const t0 = performance.now();
    await page.waitForEvent('load', { timeout: 8000 });
    metrics['reload.secondLoadAfterMs'] = Math.round(performance.now() - t0);
    await page.waitForSelector('html[data-rendered]', { timeout: 8000 });
    expect(await inPage<number>(page, 'window.scrollY')).toBe(400);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders the waiting, failed and done pages without errors', async () => {
    const cases = [
      ['empty', emptyInput(), 'Waiting for the first round'],
      ['failed', failedInput(), '30 of 98 oracle calls failed'],
      ['done', doneInput(), 'Campaign done (stopped: budget)'],
    ] as const;
    for (const [name, input, text] of cases) {
      const { page, errors, dialogs } = await open(name, live(input));
      expect(await page.locator('body').textContent(), name).toContain(text);
      expect(errors, name).toEqual([]);
      expect(dialogs, name).toEqual([]);
      const plots = (await drawnPlots(page)).map((p) => p.svg);
      expect(plots, name).toEqual(name === 'empty' ? [] : [true, true, true, true, true, true]);
      await page.screenshot({ path: join(ARTIFACTS, `status-page-${name}.png`), fullPage: true });
      await page.close();
    }
  });
});
