import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/shared/clock.js';
import { createDigestCache } from '../../src/state/digest-cache.js';
import { verifyManifest, writeManifest } from '../../src/state/manifest.js';

let dir: string;
const big = (fill: number) => new Uint8Array(200 * 1024).fill(fill);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-digests-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('digest cache', () => {
  it('hashes a hard-linked file once, whichever link it is read through', async () => {
    const cache = createDigestCache();
    writeFileSync(join(dir, 'a.js'), big(7));
    linkSync(join(dir, 'a.js'), join(dir, 'b.js'));
    expect(await cache.digest(join(dir, 'a.js'))).toEqual({ bytes: 200 * 1024, sha256: sha(big(7)) });
    expect(await cache.digest(join(dir, 'b.js'))).toEqual({ bytes: 200 * 1024, sha256: sha(big(7)) });
    expect(cache.hashed()).toBe(1);
  });

  it('keeps the digest when a new link to the file moves its change time (the next run of a sweep)', async () => {
    const cache = createDigestCache();
    writeFileSync(join(dir, 'a.js'), big(4));
    const first = await cache.digest(join(dir, 'a.js'));
    const before = statSync(join(dir, 'a.js'), { bigint: true }).ctimeNs;
    // ctime has a clock tick's resolution: link until it moves, as one sweep's runs do one after another.
    for (let i = 0; statSync(join(dir, 'a.js'), { bigint: true }).ctimeNs === before; i++) {
      linkSync(join(dir, 'a.js'), join(dir, `link-${i}.js`));
    }
    expect(await cache.digest(join(dir, 'a.js'))).toEqual(first);
    expect(cache.hashed()).toBe(1);
  });

  it('hashes again a file rewritten in place, even with the same size and its old mtime restored', async () => {
    const cache = createDigestCache();
    const path = join(dir, 'a.js');
    writeFileSync(path, big(1));
    const before = await cache.digest(path);
    writeFileSync(path, big(2));
    // Putting the mtime back does not hide the write: the change time moved.
    utimesSync(path, new Date(0), new Date(0));
    const after = await cache.digest(path);
    expect(after.sha256).toBe(sha(big(2)));
    expect(after.sha256).not.toBe(before.sha256);
    expect(cache.hashed()).toBe(2);
  });

  it('hashes a replaced file (another inode) again', async () => {
    const cache = createDigestCache();
    const path = join(dir, 'a.js');
    writeFileSync(path, big(1));
    await cache.digest(path);
    rmSync(path);
    writeFileSync(path, big(3));
    expect((await cache.digest(path)).sha256).toBe(sha(big(3)));
  });

  it('leaves manifests as they were: the same entries with and without a cache, and they verify', async () => {
    const clock = createFakeClock(Date.UTC(2025, 5, 1));
    const cache = createDigestCache();
    const shared = join(dir, 'shared.js');
    writeFileSync(shared, big(9));
    for (const run of ['r1', 'r2']) {
      mkdirSync(join(dir, run, 'artifacts'), { recursive: true });
      linkSync(shared, join(dir, run, 'plotly.min.js'));
      writeFileSync(join(dir, run, 'summary.json'), `{"run":"${run}"}`);
      writeFileSync(join(dir, run, 'audit.jsonl'), '{"type":"notice"}\n');
    }
    const plain = await writeManifest(join(dir, 'r1'), clock);
    const cached1 = await writeManifest(join(dir, 'r1'), clock, [], cache);
    const cached2 = await writeManifest(join(dir, 'r2'), clock, [], cache);
    expect(cached1.files).toEqual(plain.files);
    expect(cached2.files.find((f) => f.path === 'plotly.min.js')?.sha256).toBe(sha(big(9)));
    // The big file once for both runs; the small ones each time.
    expect(cache.hashed()).toBe(1 + 1 + 1);
    expect((await verifyManifest(join(dir, 'r2'))).ok).toBe(true);
  });
});
