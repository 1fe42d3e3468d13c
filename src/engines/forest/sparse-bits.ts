/**
 * Packed fingerprint rows → per-sample lists of on-bits (CSR layout: `bits[offsets[i] .. offsets[i+1])`,
 * ascending). Fingerprints have ~30-150 on-bits out of 2048, so tree training iterates these lists instead of
 * testing every bit of every sample.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { BitMatrix } from '../../shared/features.js';

export interface SparseBits {
  readonly samples: number;
  readonly offsets: Int32Array;
  readonly bits: Int32Array;
}

/** Checks that the packed buffer is large enough for `X.rows` rows of `X.bits` bits. */
export function assertBitMatrix(X: BitMatrix): void {
  if (!Number.isInteger(X.bits) || X.bits <= 0 || X.bytesPerRow < Math.ceil(X.bits / 8)) {
    throw new AlcoveError('BAD_DATA', `bit matrix: ${X.bits} bits do not fit ${X.bytesPerRow} bytes per row`);
  }
  if (X.data.length < X.rows * X.bytesPerRow) {
    throw new AlcoveError('BAD_DATA', `bit matrix: ${X.data.length} bytes for ${X.rows} rows × ${X.bytesPerRow}`);
  }
}

/**
 * On-bit lists of `X` rows `rows[0..n)`, in that order (a row listed twice appears twice). Rows of whole 32-bit
 * words (2048-bit fingerprints: 64 words) are scanned a word at a time, a quarter of the byte loop's
 * iterations: this runs on every prediction block, so over the whole pool each round.
 */
export function toSparseBits(X: BitMatrix, rows: Int32Array): SparseBits {
  const { data, bytesPerRow: bpr } = X;
  const wordRows = LITTLE_ENDIAN && bpr % 4 === 0 && data.byteOffset % 4 === 0 && X.bits === bpr * 8;
  return wordRows ? wordSparseBits(X, rows) : byteSparseBits(X, rows);
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** 32-bit population count (the counting pass). */
function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

function wordSparseBits(X: BitMatrix, rows: Int32Array): SparseBits {
  const words = new Uint32Array(X.data.buffer, X.data.byteOffset, (X.rows * X.bytesPerRow) >>> 2);
  const wpr = X.bytesPerRow >>> 2;
  const n = rows.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = (rows[i] as number) * wpr;
    for (let w = 0; w < wpr; w++) total += popcount(words[base + w] as number);
    offsets[i + 1] = total;
  }
  const bits = new Int32Array(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const base = (rows[i] as number) * wpr;
    for (let w = 0; w < wpr; w++) {
      let v = words[base + w] as number;
      // Little-endian words: bit f of the row (bit f % 8 of byte f >> 3) is bit f % 32 of word f >> 5.
      while (v !== 0) {
        const low = v & -v;
        bits[p++] = (w << 5) + 31 - Math.clz32(low);
        v ^= low;
      }
    }
  }
  return { samples: n, offsets, bits };
}

function byteSparseBits(X: BitMatrix, rows: Int32Array): SparseBits {
  const { data, bytesPerRow: bpr } = X;
  const nBits = X.bits;
  const n = rows.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const base = (rows[i] as number) * bpr;
    for (let b = 0; b < bpr; b++) {
      let v = data[base + b] as number;
      while (v !== 0) {
        const low = v & -v;
        if ((b << 3) + 31 - Math.clz32(low) < nBits) total++;
        v ^= low;
      }
    }
    offsets[i + 1] = total;
  }
  const bits = new Int32Array(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const base = (rows[i] as number) * bpr;
    for (let b = 0; b < bpr; b++) {
      let v = data[base + b] as number;
      while (v !== 0) {
        const low = v & -v;
        const f = (b << 3) + 31 - Math.clz32(low);
        if (f < nBits) bits[p++] = f;
        v ^= low;
      }
    }
  }
  return { samples: n, offsets, bits };
}
