import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WHOLE_READ_BYTES, sha256File, sha256FilePrefix } from '../../src/shared/hash.js';

let dir: string;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-hash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file digests', () => {
  // Both sides of the one-read limit, and a file that streams in several chunks.
  for (const n of [0, 1, WHOLE_READ_BYTES, WHOLE_READ_BYTES + 1, 3 * WHOLE_READ_BYTES + 5]) {
    it(`hashes a file of ${n} bytes whole and by prefix`, async () => {
      const data = bytesOf(n);
      const path = join(dir, 'f.bin');
      writeFileSync(path, data);
      expect(await sha256File(path)).toBe(sha(data));
      const half = Math.floor(n / 2);
      expect(await sha256FilePrefix(path, half)).toBe(sha(data.subarray(0, half)));
      // A prefix longer than the file is the whole file, as a stream would read it.
      expect(await sha256FilePrefix(path, n + 10)).toBe(sha(data));
    });
  }

  it('refuses a missing file', async () => {
    await expect(sha256File(join(dir, 'missing.bin'))).rejects.toThrow(/ENOENT/);
  });
});
