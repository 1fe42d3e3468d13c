/**
 * The report's PNG figures: the DOM parsing always, the rendering through Debian's Chromium where it is
 * installed (skipped with a note otherwise, as `--report` does).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPageModel } from '../../src/dashboard/page-model.js';
import { reportFigureSpecs } from '../../src/dashboard/report-figures.js';
import { findChromium, parseFigureDom, writeReportFigures } from '../../src/records/write-report-figures.js';
import { emptyInput, heldOutInput, runningInput } from '../dashboard/status-fixtures.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHROMIUM = findChromium();

describe('report figures', () => {
  it('makes one figure per plot with data, titled', () => {
    const specs = reportFigureSpecs(buildPageModel(runningInput()));
    expect(specs.map((s) => s.figure.file)).toEqual([
      'figure-learning-curve.png',
      'figure-parity.png',
      'figure-calibration.png',
      'figure-labels.png',
      'figure-timings.png',
    ]);
    const title = specs[0]?.plot.layout.title as { text: string };
    expect(title.text).toContain('Learning curve');
    expect(reportFigureSpecs(buildPageModel(emptyInput()))).toEqual([]);
  });

  it('reads the PNGs out of the dumped DOM, and refuses anything else', () => {
    const ok = parseFigureDom(
      `<html><pre id="figures">{"figure-parity.png":"data:image/png;base64,iVBORw0KGgo="}</pre>`,
    );
    expect(ok instanceof Map && ok.get('figure-parity.png')?.subarray(0, 8)).toEqual(PNG);
    expect(parseFigureDom('<pre id="figures"></pre>')).toBe('the figures page did not finish');
    expect(parseFigureDom('<pre id="figures">{"error":"boom"}</pre>')).toBe('plotly: boom');
    expect(parseFigureDom('<pre id="figures">{"../x.png":"data:image/png;base64,AA=="}</pre>')).toBe(
      'unexpected figure ../x.png',
    );
  });

  it('says why there are no figures without Chromium', async () => {
    expect(await writeReportFigures('/nonexistent', runningInput(), null)).toEqual({
      written: [],
      skipped: 'no Chromium found (set ALCOVE_CHROMIUM)',
    });
    expect(findChromium({ ALCOVE_CHROMIUM: '/no/such/chromium' })).toBeNull();
  });
});

if (CHROMIUM === null)
  console.warn('write-report-figures.test: rendering skipped, no Chromium (apt-get install chromium)');

describe.skipIf(CHROMIUM === null)('report figures through Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alcove-figures-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every figure as a PNG and leaves no page behind', async () => {
    // With a held-out set: its parity figure (error bars and all) among them.
    const out = await writeReportFigures(dir, heldOutInput(), CHROMIUM);
    expect('skipped' in out ? out.skipped : '').toBe('');
    expect(out.written.map((f) => f.file)).toContain('figure-held-out-parity.png');
    expect(out.written).toHaveLength(6);
    for (const f of out.written) {
      const png = readFileSync(join(dir, f.file));
      expect(png.subarray(0, 8), f.file).toEqual(PNG);
      // 760 × 2 px wide (IHDR width, big-endian at byte 16).
      expect(png.readUInt32BE(16), f.file).toBe(1520);
    }
    expect(existsSync(join(dir, '.figures.html'))).toBe(false);
  }, 180_000);
});
