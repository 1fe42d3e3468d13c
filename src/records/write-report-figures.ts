/**
 * Renders the report's PNG figures with a headless Chromium where one is installed: one browser run
 * for all figures (`--dump-dom` hands back the page after its script drew them), the PNGs written
 * atomically into the state folder. Without Chromium, or when it fails, nothing is written and the
 * reason is returned: figures are a nicety, the report is complete without them (status.html has the
 * same plots, live).
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPageModel } from '../dashboard/page-model.js';
import { ensurePlotlyBundle } from '../dashboard/plotly-asset.js';
import { FIGURE_RESULT_ID, figurePage, reportFigureSpecs, type ReportFigure } from '../dashboard/report-figures.js';
import type { StatusInput } from '../dashboard/status-input.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';

/** Where Chromium is looked for: `ALCOVE_CHROMIUM`, then Debian's and the usual names. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** A loaded machine took 14 s for five figures (plotly is 11 MB to parse). */
const TIMEOUT_MS = 120_000;

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.ALCOVE_CHROMIUM;
  if (configured !== undefined && configured !== '') return existsSync(configured) ? configured : null;
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

export type FiguresOutcome =
  { readonly written: readonly ReportFigure[] } | { readonly written: readonly []; readonly skipped: string };

function run(chromium: string, url: string): Promise<string> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--virtual-time-budget=60000',
    '--dump-dom',
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(chromium, args, { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error !== null) reject(new Error(error.message, { cause: error }));
      else resolve(stdout);
    });
  });
}

/** The PNGs out of the dumped DOM: `{ file: data URL }`, or an error message. */
export function parseFigureDom(dom: string): Map<string, Buffer> | string {
  const m = new RegExp(`<pre id="${FIGURE_RESULT_ID}">([^<]*)</pre>`).exec(dom);
  if (m === null || m[1] === undefined || m[1] === '') return 'the figures page did not finish';
  const text = m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const parsed = JSON.parse(text) as Record<string, string>;
  if (typeof parsed.error === 'string') return `plotly: ${parsed.error}`;
  const out = new Map<string, Buffer>();
  for (const [file, url] of Object.entries(parsed)) {
    const prefix = 'data:image/png;base64,';
    if (!/^figure-[a-z-]+\.png$/.test(file) || !url.startsWith(prefix)) return `unexpected figure ${file}`;
    out.set(file, Buffer.from(url.slice(prefix.length), 'base64'));
  }
  return out;
}

export async function writeReportFigures(
  stateDir: string,
  input: StatusInput,
  chromium: string | null = findChromium(),
): Promise<FiguresOutcome> {
  if (chromium === null) return { written: [], skipped: 'no Chromium found (set ALCOVE_CHROMIUM)' };
  const specs = reportFigureSpecs(buildPageModel(input));
  if (specs.length === 0) return { written: [], skipped: 'nothing to plot yet' };
  ensurePlotlyBundle(stateDir);
  // A dot file, next to plotly.min.js so that the page loads it from its own folder; removed after.
  const page = join(stateDir, '.figures.html');
  writeFileSync(page, figurePage(specs));
  try {
    const pngs = parseFigureDom(await run(chromium, pathToFileURL(page).href));
    if (typeof pngs === 'string') return { written: [], skipped: pngs };
    const written: ReportFigure[] = [];
    for (const { figure } of specs) {
      const png = pngs.get(figure.file);
      if (png === undefined) continue;
      writeFileAtomic(join(stateDir, figure.file), png);
      written.push(figure);
    }
    return { written };
  } catch (error) {
    return { written: [], skipped: `Chromium failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    rmSync(page, { force: true });
  }
}
