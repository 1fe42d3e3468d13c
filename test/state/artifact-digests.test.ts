/** Content-addressed artifacts are checked against their digest when loaded; a damaged one is recomputed. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exec } from '../../src/pool/executor.js';
import { readDigestedFile, writeDigestedFile } from '../../src/shared/digest-file.js';
import { isAlcoveError } from '../../src/shared/errors.js';
import { createFeatureStore, featuresKey } from '../../src/state/feature-cache.js';
import { readFeatureFile, writeFeatureFile } from '../../src/state/feature-file.js';
import { createModelStore } from '../../src/state/model-cache.js';
import { SmilesStore } from '../../src/shared/smiles-store.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'alcove-digests-')));

/** Flips one byte in the middle of a file, as a bad sector or a torn write would. */
function damage(file: string): void {
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  writeFileSync(file, bytes);
}

const bits = { kind: 'bits', rows: 2, bits: 8, bytesPerRow: 1, data: new Uint8Array([3, 5]) } as const;

describe('artifact digests', () => {
  it('records a digest beside the file and detects a changed byte; a file without one is trusted', () => {
    const file = join(tmp(), 'a.bin');
    writeDigestedFile(file, new Uint8Array([1, 2, 3, 4]));
    expect(readDigestedFile(file)).toMatchObject({ ok: true });
    damage(file);
    const read = readDigestedFile(file);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.why).toMatch(/its sha256 is [0-9a-f]{64}, .*a\.bin\.sha256 records [0-9a-f]{64}/);
    rmSync(`${file}.sha256`);
    expect(readDigestedFile(file).ok).toBe(true);
  });

  it('refuses a damaged feature file even when its length is right', () => {
    const file = join(tmp(), 'f.bin');
    writeFeatureFile(file, bits, new Uint8Array([1, 1]), []);
    expect(readFeatureFile(file).matrix).toMatchObject({ rows: 2 });
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01; // a data byte: the structure still parses
    writeFileSync(file, bytes);
    const error: unknown = (() => {
      try {
        return readFeatureFile(file);
      } catch (e) {
        return e;
      }
    })();
    expect(isAlcoveError(error) && error.code).toBe('BAD_DATA');
  });

  it('featurizes again when the cached features are damaged, with a notice', async () => {
    const smiles = SmilesStore.from(['CC', 'CO']);
    const spec = { kind: 'morgan', radius: 2, bits: 8 } as const;
    const file = join(tmp(), `${featuresKey(smiles, spec)}.bin`);
    writeFeatureFile(file, bits, new Uint8Array([1, 1]), []);
    damage(file);
    const notices: string[] = [];
    const recompute = new Error('recomputing');
    const exec = { call: () => Promise.reject(recompute) } as unknown as Exec;
    const store = createFeatureStore(dir, (m) => notices.push(m));
    await expect(store.get(smiles, spec, exec)).rejects.toBe(recompute);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/warning: feature cache .* is damaged .*; featurizing again/);
    expect(existsSync(file)).toBe(false);
  });

  it('trains a damaged model again: has() says no, with a notice', () => {
    const notices: string[] = [];
    const model = (bytes: Uint8Array) => ({ bytes, encode: () => bytes });
    const store = createModelStore(tmp(), model, (m) => notices.push(m));
    store.put('k', model(new Uint8Array([9, 8, 7, 6])));
    const fresh = createModelStore(dir, model, (m) => notices.push(m));
    expect(fresh.has('k')).toBe(true);
    damage(store.fileOf('k'));
    const again = createModelStore(dir, model, (m) => notices.push(m));
    expect(again.has('k')).toBe(false);
    expect(notices).toEqual([expect.stringMatching(/model artifact .*k\.bin is damaged/)]);
    expect(existsSync(store.fileOf('k'))).toBe(false);
  });
});
