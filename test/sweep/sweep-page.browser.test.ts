/**
 * sweep.html and compare.html in a real browser (Debian's chromium via playwright-core, as the status page's
 * test): every plot drawn with the expected traces (the random baseline among them), numbers in the heatmap,
 * no console error, nothing fetched from the network. Screenshots go to test-artifacts/ (gitignored).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeComparePage } from '../../src/compare/index.js';
import { ensurePlotlyBundle } from '../../src/dashboard/plotly-asset.js';
import { renderSweepPage } from '../../src/sweep/render-sweep-page.js';
import { analyse } from '../../src/sweep/write-results.js';
import { ARTIFACTS, CHROMIUM, HAS_CHROMIUM, launchChromium, load, offline, watch } from '../helpers/browser.js';
import { failedRow, TINY_ROWS, tinyStatus } from './sweep-page-fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/compare');

interface Trace {
  readonly type: string;
  readonly name: string;
  readonly n: number;
  readonly fill: string | null;
  readonly mode: string | null;
}

describe.skipIf(!HAS_CHROMIUM)(`sweep and compare pages in Chromium (needs ${CHROMIUM})`, () => {
  let browser: Browser;
  let root: string;

  beforeAll(async () => {
    browser = await launchChromium();
    root = mkdtempSync(join(tmpdir(), 'alcove-sweep-browser-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  async function open(file: string) {
    const watched = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await load(watched.page, file);
    return watched;
  }

  const traces = (page: Page, id: string) =>
    page.evaluate<Trace[]>(
      `[...document.getElementById(${JSON.stringify(id)}).data].map((t) => ({
        type: t.type || 'scatter', name: t.name || '', n: (t.y || []).length, fill: t.fill || null, mode: t.mode || null }))`,
    );

  it('draws the sweep page: heatmap numbers, a curve per setting, bands, the baseline', async () => {
    const dir = join(root, 'sweep');
    mkdirSync(dir);
    ensurePlotlyBundle(dir);
    const rows = [...TINY_ROWS, failedRow()];
    writeFileSync(
      join(dir, 'sweep.html'),
      renderSweepPage({ status: tinyStatus({ total: 9 }), results: analyse(rows, 'topk_scores', 'maximize') }),
    );
    const { page, errors, dialogs, requests } = await open(join(dir, 'sweep.html'));
    expect(await page.getAttribute('html', 'data-rendered')).toBe('3');
    const curves = await traces(page, 'plot-curves');
    const lines = curves.filter((t) => t.mode === 'lines+markers');
    expect(lines.map((t) => t.name).sort()).toEqual([
      'acquisition.strategy=greedy, campaign.batch=10',
      'acquisition.strategy=greedy, campaign.batch=5',
      'acquisition.strategy=random, campaign.batch=10',
      'acquisition.strategy=random, campaign.batch=5',
    ]);
    expect(lines.every((t) => t.n === 3)).toBe(true);
    expect(curves.filter((t) => t.fill === 'tonexty')).toHaveLength(4);
    expect(curves.map((t) => t.name)).toContain('random baseline');
    // The heatmap's cells carry their numbers as text.
    const cellText = await page.locator('#plot-heatmap-0 .hm text, #plot-heatmap-0 text.textpoint').allTextContents();
    expect(cellText.length).toBeGreaterThanOrEqual(4);
    expect(cellText.every((t) => /^\d\.\d{3}$/.test(t))).toBe(true);
    // The failed run is listed, its error as text.
    expect(await page.locator('.failed-runs').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(offline(requests)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'sweep-page.png'), fullPage: true });
    await page.close();
  });

  it('draws the compare page: one curve per campaign and the random baseline', async () => {
    const dirs = ['greedy', 'random'].map((n) => {
      const d = join(root, n);
      cpSync(join(FIXTURES, n), d, { recursive: true });
      return { path: d, shown: `runs/${n}` };
    });
    const { page: file } = writeComparePage({ dirs, out: join(root, 'out', 'compare.html') });
    const { page, errors, dialogs, requests } = await open(file);
    const curves = await traces(page, 'plot-compare-0');
    expect(curves.map((t) => t.name)).toEqual(['greedy-tiny', 'random-tiny', 'random baseline']);
    expect(curves[0]?.n).toBe(3);
    expect(await page.locator('table tbody tr').count()).toBe(2);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(offline(requests)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'compare-page.png'), fullPage: true });
    await page.close();
  });
});
