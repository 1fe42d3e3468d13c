/**
 * The feature cache's file, `artifacts/features/<key>.bin`: u32 header length, JSON header, one validity
 * byte per row, zero padding to a multiple of 8, then the matrix data (packed bits, or float64 row-major).
 * Read back onto SharedArrayBuffers, like a matrix assembled from the pool.
 */
import { readDigestedFile, writeDigestedFile } from '../shared/digest-file.js';
import { AlcoveError } from '../shared/errors.js';
import { bytesPerRow, type FeatureMatrix } from '../shared/features.js';

/** A molecule that could not be featurized: its row, its SMILES and why. */
export type FeatureError = { index: number; smiles: string; message: string };

export interface FeatureFileContent {
  /** 1 where RDKit parsed the SMILES. */
  readonly valid: Uint8Array;
  readonly errors: readonly FeatureError[];
  readonly matrix: FeatureMatrix;
}

interface Header {
  readonly version: 1;
  readonly kind: FeatureMatrix['kind'];
  readonly rows: number;
  readonly bits?: number;
  readonly cols?: number;
  readonly names?: readonly string[];
  readonly errors: readonly FeatureError[];
}

export function writeFeatureFile(
  file: string,
  m: FeatureMatrix,
  valid: Uint8Array,
  errors: readonly FeatureError[],
): void {
  const header: Header =
    m.kind === 'bits'
      ? { version: 1, kind: 'bits', rows: m.rows, bits: m.bits, errors }
      : { version: 1, kind: 'dense', rows: m.rows, cols: m.cols, names: m.names, errors };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const validStart = 4 + head.length;
  const dataStart = Math.ceil((validStart + valid.length) / 8) * 8;
  const dataBytes = m.kind === 'bits' ? m.rows * m.bytesPerRow : m.rows * m.cols * 8;
  const out = Buffer.alloc(dataStart + dataBytes);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  out.set(valid, validStart);
  out.set(new Uint8Array(m.data.buffer, m.data.byteOffset, dataBytes), dataStart);
  writeDigestedFile(file, out);
}

/** Reads a feature file, checked against its digest; a damaged one throws `BAD_DATA`. */
export function readFeatureFile(file: string): FeatureFileContent {
  const read = readDigestedFile(file);
  const fail = (why: string): never => {
    throw new AlcoveError('BAD_DATA', `feature cache ${file} is damaged (${why})`);
  };
  if (!read.ok) return fail(read.why);
  const buf = read.bytes;
  if (buf.length < 4) return fail('too short');
  const headLen = buf.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(4, 4 + headLen).toString('utf8')) as Header;
  } catch {
    return fail('unreadable header');
  }
  const validStart = 4 + headLen;
  const valid = new Uint8Array(buf.subarray(validStart, validStart + header.rows));
  const dataStart = Math.ceil((validStart + header.rows) / 8) * 8;
  if (header.kind === 'bits' && header.bits !== undefined) {
    const bpr = bytesPerRow(header.bits);
    const bytes = header.rows * bpr;
    if (buf.length !== dataStart + bytes) return fail('wrong length');
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes)));
    data.set(buf.subarray(dataStart, dataStart + bytes));
    return {
      valid,
      errors: header.errors,
      matrix: { kind: 'bits', rows: header.rows, bits: header.bits, bytesPerRow: bpr, data },
    };
  }
  if (header.kind === 'dense' && header.cols !== undefined) {
    const n = header.rows * header.cols;
    if (buf.length !== dataStart + n * 8) return fail('wrong length');
    const data = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));
    new Uint8Array(data.buffer).set(buf.subarray(dataStart, dataStart + n * 8));
    return {
      valid,
      errors: header.errors,
      matrix: { kind: 'dense', rows: header.rows, cols: header.cols, data, names: header.names ?? [] },
    };
  }
  return fail('unknown matrix kind');
}
