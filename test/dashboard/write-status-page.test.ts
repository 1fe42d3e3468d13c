import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePlotlyBundle, resolvePlotlyBundle } from '../../src/dashboard/plotly-asset.js';
import { writeStatusPage } from '../../src/dashboard/write-status-page.js';
import { runningInput } from './status-fixtures.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alcove-dash-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('plotly bundle', () => {
  it('resolves the installed plotly bundle', () => {
    const path = resolvePlotlyBundle();
    expect(path).toMatch(/plotly/);
    expect(statSync(path).size).toBeGreaterThan(1_000_000);
  });

  it('copies once, and again only when the size differs', () => {
    const src = join(tempDir(), 'fake-plotly.js');
    writeFileSync(src, 'window.Plotly = {};');
    const dir = tempDir();
    expect(ensurePlotlyBundle(dir, src)).toBe(true);
    expect(ensurePlotlyBundle(dir, src)).toBe(false);
    writeFileSync(join(dir, 'plotly.min.js'), 'truncated');
    expect(ensurePlotlyBundle(dir, src)).toBe(true);
    expect(readFileSync(join(dir, 'plotly.min.js'), 'utf8')).toBe('window.Plotly = {};');
  });
});

describe('writeStatusPage', () => {
  it('writes status.html and plotly.min.js, leaving no temp files', () => {
    const dir = join(tempDir(), 'state');
    writeStatusPage(dir, runningInput());
    expect(readdirSync(dir).sort()).toEqual(['plotly.min.js', 'status.html']);
    expect(statSync(join(dir, 'plotly.min.js')).size).toBe(statSync(resolvePlotlyBundle()).size);
    expect(readFileSync(join(dir, 'status.html'), 'utf8')).toContain('amide-greedy');
  });
});
