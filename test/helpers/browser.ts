/**
 * Debian's chromium driven by playwright-core (no browser download), for the tests of the pages Alcove writes:
 * the browser, a page whose errors, dialogs and requests are recorded, and what plotly drew in it. The page
 * scripts are passed as text because this project's TypeScript has no DOM library (adding it would leak browser
 * globals into every Node file's type check).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Screenshots and figures of the browser tests (gitignored). */
export const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Watched {
  readonly page: Page;
  /** Console errors and warnings, and uncaught page errors. */
  readonly errors: string[];
  /** Messages of the dialogs the page opened (each dismissed). */
  readonly dialogs: string[];
  /** Every URL the page asked for. */
  readonly requests: string[];
}

/** Records from now on what `page` reports (see Watched). */
export function watch(page: Page): Watched {
  const errors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, dialogs, requests };
}

/** Loads the page at `file` and waits until it says it has drawn its plots (`html[data-rendered]`). */
export async function load(page: Page, file: string): Promise<void> {
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 60_000 });
}

/** Whether every request stayed in the page's folder or inline: nothing from the network. */
export const offline = (requests: readonly string[]): boolean =>
  requests.every((u) => u.startsWith('file://') || u.startsWith('data:'));

/** What plotly drew in one `.plot` element. */
export interface DrawnPlot {
  readonly id: string;
  /** Whether plotly drew it (its SVG is there). */
  readonly svg: boolean;
  /** Its traces' names, and the length of each one's x. */
  readonly traces: string[];
  readonly xLengths: number[];
  /** Scatter points and bars drawn, error bars among the scatter's. */
  readonly points: number;
  readonly bars: number;
  readonly errorBars: number;
  /** The x axis's range as drawn (empty before plotly laid it out). */
  readonly xRange: number[];
}

/** Every `.plot` of the page, in document order. */
export function drawnPlots(page: Page): Promise<DrawnPlot[]> {
  return page.evaluate<DrawnPlot[]>(
    `[...document.querySelectorAll('.plot')].map((el) => ({
      id: el.id,
      svg: el.querySelector('.main-svg') !== null,
      traces: (el.data || []).map((t) => t.name),
      xLengths: (el.data || []).map((t) => (t.x || []).length),
      points: el.querySelectorAll('.scatterlayer .point').length,
      bars: el.querySelectorAll('.barlayer .point').length,
      errorBars: el.querySelectorAll('.scatterlayer .errorbar').length,
      xRange: el._fullLayout ? el._fullLayout.xaxis.range.slice() : [],
    }))`,
  );
}
