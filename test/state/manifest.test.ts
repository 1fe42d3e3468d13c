import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  formatVerifyResult,
  MANIFEST_FILE,
  readManifest,
  verifyManifest,
  writeManifest,
} from '../../src/state/manifest.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';

// sha256 of the ASCII text 'hello' and of the empty string (well-known values).
const SHA_HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
const SHA_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

let dir: string;
const clock = createFakeClock(Date.UTC(2025, 5, 1));

function put(rel: string, content: string | Uint8Array): void {
  const abs = join(dir, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-manifest-'));
  put('summary.json', 'hello');
  put('db.json', '{"rounds":[]}\n');
  put('state.json', '{}');
  put('status.html', '<html></html>');
  put(
    'artifacts/features/ab.bin',
    new Uint8Array(1000).map((_, i) => i % 251),
  );
  put('artifacts/models/empty.bin', '');
  put('audit.jsonl', '{"type":"notice"}\n');
  put('lock', '{"pid":1,"host":"h","startedAt":"t"}');
  put('.summary.json.123.0.tmp', 'partial');
  put('artifacts/features/.x.bin.9.1.tmp', 'partial');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('manifest', () => {
  it('lists every file with size and sha256, sorted, without itself, the lock and temp files', async () => {
    const m = await writeManifest(dir, clock);
    expect(m.createdAt).toBe('2025-06-01T00:00:00.000Z');
    expect(m.files.map((f) => f.path)).toEqual([
      'artifacts/features/ab.bin',
      'artifacts/models/empty.bin',
      'audit.jsonl',
      'db.json',
      'state.json',
      'status.html',
      'summary.json',
    ]);
    expect(m.files.find((f) => f.path === 'summary.json')).toEqual({
      path: 'summary.json',
      bytes: 5,
      sha256: SHA_HELLO,
    });
    expect(m.files.find((f) => f.path === 'artifacts/models/empty.bin')?.sha256).toBe(SHA_EMPTY);
    expect(m.files.find((f) => f.path === 'audit.jsonl')?.appendOnly).toBe(true);
    expect(m.totalBytes).toBe(m.files.reduce((s, f) => s + f.bytes, 0));
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'))).toEqual(m);
    expect(readManifest(dir)).toEqual(m);
    // A second manifest does not list the first.
    const again = await writeManifest(dir, clock);
    expect(again.files.map((f) => f.path)).not.toContain(MANIFEST_FILE);
  });

  it('honours exclude (files and folders)', async () => {
    const m = await writeManifest(dir, clock, ['status.html', 'artifacts/features/']);
    expect(m.files.map((f) => f.path)).toEqual([
      'artifacts/models/empty.bin',
      'audit.jsonl',
      'db.json',
      'state.json',
      'summary.json',
    ]);
  });

  it('verifies an untouched folder', async () => {
    await writeManifest(dir, clock);
    const r = await verifyManifest(dir);
    expect(r).toEqual({ ok: true, checked: 7, problems: [], appended: [] });
    expect(formatVerifyResult(r)).toEqual(['verified 7 files: all match the manifest']);
  });

  it('detects a one-byte change that keeps the size', async () => {
    await writeManifest(dir, clock);
    const abs = join(dir, 'artifacts/features/ab.bin');
    const bytes = readFileSync(abs);
    bytes[500] = (bytes[500]! + 1) % 256;
    writeFileSync(abs, bytes);
    const r = await verifyManifest(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      path: 'artifacts/features/ab.bin',
      kind: 'changed',
      expected: { bytes: 1000 },
      actual: { bytes: 1000 },
    });
    expect(r.problems[0]!.actual!.sha256).not.toBe(r.problems[0]!.expected!.sha256);
    expect(formatVerifyResult(r).at(-1)).toBe('verification FAILED: 1 of 7 files missing or changed');
  });

  it('detects a missing file', async () => {
    await writeManifest(dir, clock);
    unlinkSync(join(dir, 'db.json'));
    const r = await verifyManifest(dir);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { path: 'db.json', kind: 'missing', expected: { path: 'db.json', bytes: 14, sha256: expect.any(String) as unknown } },
    ]);
  });

  it('reports files added later as unexpected without failing', async () => {
    await writeManifest(dir, clock);
    put('report.md', '# report');
    put('lock', 'changed lock'); // the lock and temp files are ignored
    put('.new.tmp', 'x');
    const r = await verifyManifest(dir);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([{ path: 'report.md', kind: 'unexpected' }]);
  });

  it('accepts an audit log that grew but not one whose archived part changed', async () => {
    await writeManifest(dir, clock);
    appendFileSync(join(dir, 'audit.jsonl'), '{"type":"run-end"}\n');
    const grown = await verifyManifest(dir);
    expect(grown).toMatchObject({ ok: true, problems: [], appended: ['audit.jsonl'] });

    writeFileSync(join(dir, 'audit.jsonl'), '{"type":"NOTICE"}\n{"type":"run-end"}\n');
    const edited = await verifyManifest(dir);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toMatchObject([{ path: 'audit.jsonl', kind: 'changed' }]);

    writeFileSync(join(dir, 'audit.jsonl'), '{"type"');
    const truncated = await verifyManifest(dir);
    expect(truncated.problems).toMatchObject([{ path: 'audit.jsonl', kind: 'changed', actual: { bytes: 7 } }]);
  });

  it('a size change alone is a change', async () => {
    await writeManifest(dir, clock);
    appendFileSync(join(dir, 'summary.json'), '!');
    const r = await verifyManifest(dir);
    expect(r.problems).toMatchObject([
      { path: 'summary.json', kind: 'changed', expected: { bytes: 5 }, actual: { bytes: 6 } },
    ]);
  });

  it('refuses a folder without a manifest, or with a corrupt one', async () => {
    await expect(verifyManifest(dir)).rejects.toThrow(AlcoveError);
    await expect(verifyManifest(dir)).rejects.toThrow(/no manifest/);
    writeFileSync(join(dir, MANIFEST_FILE), '{"version":2}');
    await expect(verifyManifest(dir)).rejects.toThrow(/not an Alcove manifest/);
  });
});
