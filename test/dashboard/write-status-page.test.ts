import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePlotlyBundle, resolvePlotlyBundle } from '../../src/dashboard/plotly-asset.js';
import type { StatusInput } from '../../src/dashboard/status-input.js';
import { createStatusPageWriter, writeStatusPage } from '../../src/dashboard/write-status-page.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { emptyInput, runningInput } from './status-fixtures.js';

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

describe('createStatusPageWriter', () => {
  function setup(minIntervalMs?: number) {
    const clock = createFakeClock(1000);
    const written: StatusInput[] = [];
    const writer = createStatusPageWriter('/nowhere', {
      clock,
      ...(minIntervalMs === undefined ? {} : { minIntervalMs }),
      writePage: (_dir, input) => written.push(input),
    });
    return { clock, written, writer };
  }

  it('writes the first call, then at most every 2000 ms by default', () => {
    const { clock, written, writer } = setup();
    const a = runningInput();
    expect(writer.write(a)).toBe(true);
    clock.advance(1999);
    expect(writer.write(a)).toBe(false);
    expect(writer.pending).toBe(true);
    clock.advance(1);
    expect(writer.write(a)).toBe(true);
    expect(writer.pending).toBe(false);
    expect(written).toHaveLength(2);
  });

  it('writes forced calls at once (every transition)', () => {
    const { written, writer } = setup(10_000);
    writer.write(runningInput());
    expect(writer.write(runningInput(), { force: true })).toBe(true);
    expect(writer.write(runningInput(), { force: true })).toBe(true);
    expect(written).toHaveLength(3);
  });

  it('flushes the newest skipped input, once', () => {
    const { clock, written, writer } = setup(5000);
    writer.write(emptyInput());
    clock.advance(100);
    const newer = { ...runningInput(), labeled: 123 };
    writer.write(runningInput());
    writer.write(newer);
    expect(writer.flush()).toBe(true);
    expect(written.at(-1)).toBe(newer);
    expect(writer.flush()).toBe(false);
    expect(written).toHaveLength(2);
  });

  it('counts the interval from the last write, forced or not', () => {
    const { clock, written, writer } = setup(1000);
    writer.write(runningInput());
    clock.advance(900);
    writer.write(runningInput(), { force: true });
    clock.advance(900);
    expect(writer.write(runningInput())).toBe(false);
    clock.advance(100);
    expect(writer.write(runningInput())).toBe(true);
    expect(written).toHaveLength(3);
  });

  it('writes real files through the default writer', () => {
    const dir = tempDir();
    const writer = createStatusPageWriter(dir, { clock: createFakeClock() });
    writer.write(runningInput());
    expect(readFileSync(join(dir, 'status.html'), 'utf8')).toContain('<!doctype html>');
  });
});
