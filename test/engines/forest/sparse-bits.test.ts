import { describe, expect, it } from 'vitest';
import { toSparseBits } from '../../../src/engines/forest/sparse-bits.js';
import type { BitMatrix } from '../../../src/shared/features.js';
import { createRng } from '../../../src/shared/rng.js';

/** The on-bits of row r, read bit by bit: what every path of toSparseBits must list. */
function naive(X: BitMatrix, r: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < X.bits; b++) if ((X.data[r * X.bytesPerRow + (b >> 3)]! >> (b & 7)) & 1) out.push(b);
  return out;
}

function matrix(rows: number, bits: number, bytesPerRow: number, seed: number, offset = 0): BitMatrix {
  const rng = createRng(seed, 'sparse-bits-test');
  const buffer = new Uint8Array(offset + rows * bytesPerRow);
  const data = buffer.subarray(offset);
  for (let q = 0; q < data.length; q++) data[q] = rng.int(8) === 0 ? rng.int(256) : 0;
  // Every bit of a word on in row 0 (bit 31 and its neighbours too), none in row 1.
  data.fill(255, 0, Math.min(8, bytesPerRow));
  data.fill(0, bytesPerRow, 2 * bytesPerRow);
  return { kind: 'bits', rows, bits, bytesPerRow, data };
}

function lists(X: BitMatrix, rows: Int32Array): number[][] {
  const s = toSparseBits(X, rows);
  return Array.from(rows, (_, i) => Array.from(s.bits.subarray(s.offsets[i], s.offsets[i + 1])));
}

describe('toSparseBits', () => {
  const rows = Int32Array.of(0, 1, 5, 2, 5, 9);
  it('lists each row’s on-bits in ascending order, by words (whole 32-bit rows)', () => {
    const X = matrix(10, 2048, 256, 1);
    expect(lists(X, rows)).toEqual(Array.from(rows, (r) => naive(X, r)));
  });

  it('gives the same lists by bytes: unaligned data, rows not whole words, bits short of the row', () => {
    for (const X of [matrix(10, 2048, 256, 2, 1), matrix(10, 40, 5, 3), matrix(10, 61, 8, 4)]) {
      expect(lists(X, rows)).toEqual(Array.from(rows, (r) => naive(X, r)));
    }
  });
});
