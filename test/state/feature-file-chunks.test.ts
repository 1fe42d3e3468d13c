import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BitMatrix, DenseMatrix } from '../../src/shared/features.js';
import { readFeatureFile, writeFeatureFile } from '../../src/state/feature-file.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-ffile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('feature file in chunks', () => {
  it('round-trips packed bits read in chunks smaller than a row, onto a SharedArrayBuffer', () => {
    const rows = 1000;
    const data = new Uint8Array(new SharedArrayBuffer(rows * 32));
    for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5)) & 0xff;
    const m: BitMatrix = { kind: 'bits', rows, bits: 256, bytesPerRow: 32, data };
    const valid = Uint8Array.from({ length: rows }, (_, i) => (i % 11 === 0 ? 0 : 1));
    const errors = [{ index: 0, smiles: 'X', message: 'bad' }];
    const file = join(dir, 'bits.bin');
    writeFeatureFile(file, m, valid, errors);
    for (const chunk of [7, 4096, 1 << 20]) {
      const back = readFeatureFile(file, chunk);
      expect(back.matrix.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Buffer.from(back.matrix.data as Uint8Array).equals(Buffer.from(data))).toBe(true);
      expect(Array.from(back.valid)).toEqual(Array.from(valid));
      expect(back.errors).toEqual(errors);
    }
  });

  it('round-trips a dense matrix and refuses a flipped byte or a cut file', () => {
    const data = new Float64Array(new SharedArrayBuffer(3 * 2 * 8));
    data.set([1.5, -2, 3e10, 0, Number.MIN_VALUE, 7]);
    const m: DenseMatrix = { kind: 'dense', rows: 3, cols: 2, data, names: ['a', 'b'] };
    const file = join(dir, 'dense.bin');
    writeFeatureFile(file, m, new Uint8Array([1, 1, 1]), []);
    const back = readFeatureFile(file, 5);
    expect(Array.from(back.matrix.data)).toEqual(Array.from(data));
    expect(back.matrix.kind === 'dense' && back.matrix.names).toEqual(['a', 'b']);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    expect(() => readFeatureFile(file)).toThrow(/is damaged \(its sha256 is/);
    writeFileSync(file, bytes.subarray(0, bytes.length - 8));
    expect(() => readFeatureFile(file)).toThrow(/is damaged \(wrong length\)/);
  });
});
