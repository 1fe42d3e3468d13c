/**
 * The whole record of a small real campaign: its status.html in Chromium (plots drawn from the run's own
 * rounds, a `<script>` id shown as text), the report, the audit trail, the manifest and --verify.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDesirability } from '../../src/engines/desirability.js';
import { loadRdkit } from '../../src/engines/rdkit.js';
import { enumerateAmideLibrary } from '../../src/library/enumerate.js';
import { readAudit } from '../../src/records/audit-log.js';
import { verifyManifest } from '../../src/state/manifest.js';
import { ARTIFACTS, drawnPlots, HAS_CHROMIUM, launchChromium, load, offline, watch } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';

const XSS = '<script>alert(1)</script>';
const dir = mkdtempSync(join(tmpdir(), 'alcove-real-page-'));
const stateDir = join(dir, 'state');

beforeAll(async () => {
  // A data set made here: 300 library amides with their desirability as the measured label.
  const rdkit = await loadRdkit();
  const rows = enumerateAmideLibrary(rdkit)
    .filter((_, i) => i % 16 === 0)
    .slice(0, 300);
  const { values } = computeDesirability(
    rdkit,
    rows.map((r) => r.smiles),
  );
  const best = values.indexOf(Math.max(...values));
  const csv = ['id,smiles,score', ...rows.map((r, i) => `${i === best ? `"${XSS}"` : r.id},${r.smiles},${values[i]}`)];
  writeFileSync(join(dir, 'data.csv'), `${csv.join('\n')}\n`);
  writeFileSync(
    join(dir, 'campaign.yaml'),
    `name: page-check
dataset: { path: data.csv, smiles_column: smiles, label_column: score, id_column: id }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 20, max_depth: 6 }
acquisition: { strategy: greedy }
campaign: { initial: 30, batch: 30, generations: 3, test_fraction: 0.1 }
`,
  );
  const run = await runCli(['--config', join(dir, 'campaign.yaml'), '--state-dir', stateDir, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the record of a real campaign', () => {
  it('leaves an audit trail with run start, transitions, every attempt closed, rounds and run end', () => {
    const { events, skippedLines } = readAudit(join(stateDir, 'audit.jsonl'));
    expect(skippedLines).toEqual([]);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-start');
    expect(types.at(-1)).toBe('run-end');
    expect(types.filter((t) => t === 'round')).toHaveLength(4);
    const starts = events.filter((e) => e.type === 'attempt-start').map((e) => (e as { id: string }).id);
    const ends = new Set(events.filter((e) => e.type === 'attempt-end').map((e) => (e as { id: string }).id));
    expect(starts.length).toBeGreaterThan(10);
    expect(starts.every((id) => ends.has(id))).toBe(true);
    const start = events[0] as { environment: { node: string }; datasetSha256: string; seed: number };
    expect(start.environment.node).toBe(process.version);
    expect(start.datasetSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--report rewrites the report, and --verify still passes (the manifest re-records just those files)', async () => {
    const report = await runCli(['--config', join(dir, 'campaign.yaml'), '--state-dir', stateDir, '--report']);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(stateDir, 'report.md'), 'utf8')).toMatch(/\| labeled \| 120 of 120/);
    const verify = await runCli(['--verify', '--state-dir', stateDir]);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
  });

  it('writes report.md with the rounds table and an SVG learning curve, and a manifest that verifies', async () => {
    const report = readFileSync(join(stateDir, 'report.md'), 'utf8');
    expect(report).toMatch(/sha256/);
    expect(readFileSync(join(stateDir, 'learning-curve.svg'), 'utf8')).toMatch(/^<svg|<\?xml/);
    expect((await verifyManifest(stateDir)).ok).toBe(true);
    // One changed byte in a model artifact is caught, and --verify exits 1 naming the file.
    const manifest = JSON.parse(readFileSync(join(stateDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const model = manifest.files.find((f) => f.path.startsWith('artifacts/models/'));
    expect(model).toBeDefined();
    const file = join(stateDir, model!.path);
    const bytes = readFileSync(file);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    const verify = await runCli(['--verify', '--state-dir', stateDir]);
    expect(verify.code).toBe(1);
    expect(verify.stderr + verify.stdout).toContain(model!.path);
  });

  describe.skipIf(!HAS_CHROMIUM)('status.html in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('draws the learning curve from the run, shows the <script> id as text, fetches nothing', async () => {
      const { page, errors, dialogs, requests } = watch(
        await browser.newPage({ viewport: { width: 1280, height: 1100 } }),
      );
      await load(page, join(stateDir, 'status.html'));
      const plots = await drawnPlots(page);
      expect({ svg: plots[0]?.svg, x: plots[0]?.xLengths[0] }).toEqual({ svg: true, x: 4 });
      // A greedy campaign with the truth: headed by the top-k found, against random acquisition (dashed).
      const traces = Object.fromEntries(plots.map((p) => [p.id, p.traces]));
      expect(traces['plot-learning-curve']).toEqual(['greedy acquisition', 'random acquisition (expected)']);
      expect(traces['plot-parity']).toEqual(['picked molecule', 'y = x']);
      // test_fraction 0.1: the last model's predictions on the held-out set, with their error bars.
      expect(traces['plot-held-out-parity']).toEqual(['held-out molecule', 'y = x']);
      expect(plots.find((p) => p.id === 'plot-held-out-parity')?.errorBars).toBeGreaterThan(0);
      expect(traces['plot-calibration']).toEqual(['picks, binned by σ', 'calibrated (RMSE = σ)']);
      expect(traces['plot-labels']).toEqual(['first batch, random (30)', 'picked by the model (90)']);
      // RDKit's drawings of the best molecules, loaded; the <script> id among them as text.
      const images = await page.evaluate<boolean[]>(
        `[...document.querySelectorAll('#best img.mol-img')].map((img) => img.complete && img.naturalWidth > 0)`,
      );
      expect(images).toHaveLength(24);
      expect(images.every(Boolean)).toBe(true);
      expect(await page.locator('#best .mol-id').first().textContent()).toBe(XSS);
      const text = await page.evaluate<string>('document.body.innerText');
      expect(text).toContain(XSS);
      expect(text).toMatch(/done/i);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(offline(requests)).toBe(true);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-real-campaign.png'), fullPage: true });
      await page.close();
    });
  });
});
