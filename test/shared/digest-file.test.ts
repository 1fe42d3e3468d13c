/**
 * The digest is written before its file, so that an entry cut between its two writes (another run's write
 * in flight, or a write that failed) reads as missing, not as damaged.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { readDigestedFile, writeDigestedFile } from '../../src/shared/digest-file.js';
import { installWriteFaults, writeFaultsFrom } from '../../src/shared/write-faults.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-digest-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => installWriteFaults(null));

it('a write cut after the digest leaves an entry that reads as missing; the next write completes it', () => {
  const file = join(dir, 'truth.f64');
  const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  installWriteFaults(writeFaultsFrom([{ file: 'truth.f64', code: 'ENOSPC' }]));
  expect(() => writeDigestedFile(file, bytes, { durable: false })).toThrow(/truth\.f64/);
  expect(existsSync(`${file}.sha256`)).toBe(true);
  expect(readDigestedFile(file, { requireDigest: true })).toEqual({ ok: false, missing: true, why: 'missing' });
  installWriteFaults(null);
  writeDigestedFile(file, bytes, { durable: false });
  const read = readDigestedFile(file, { requireDigest: true });
  expect(read.ok && [...read.bytes]).toEqual([...bytes]);
});
