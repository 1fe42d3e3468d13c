/**
 * The feature cache's file, `artifacts/features/<key>.bin`: u32 header length, JSON header, one validity
 * byte per row, zero padding to a multiple of 8, then the matrix data (packed bits, or float64 row-major).
 * Read back onto SharedArrayBuffers, like a matrix assembled from the pool.
 *
 * Written and read in pieces: the matrix goes to disk from its own buffer and comes back straight into
 * the shared one, in chunks hashed as they pass, so a 2M-molecule matrix (512 MB at 2048 bits) is never
 * held twice.
 *
 * A cache (featurized again when damaged or lost): written without fsync, so its digest is required.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { NO_DIGEST, recordedDigest, writeDigestedFile } from '../shared/digest-file.js';
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
  const prefix = Buffer.alloc(dataStart);
  prefix.writeUInt32LE(head.length, 0);
  head.copy(prefix, 4);
  prefix.set(valid, validStart);
  writeDigestedFile(file, [prefix, new Uint8Array(m.data.buffer, m.data.byteOffset, dataBytes)], { durable: false });
}

/** Bytes read per call when filling the matrix. */
const READ_CHUNK = 16 << 20;

/** Reads a feature file, checked against its digest; a damaged one throws `BAD_DATA`. */
export function readFeatureFile(file: string, chunkBytes = READ_CHUNK): FeatureFileContent {
  const fail = (why: string): never => {
    throw new AlcoveError('BAD_DATA', `feature cache ${file} is damaged (${why})`);
  };
  if (!existsSync(file)) return fail('missing');
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const hash = createHash('sha256');
    const read = (target: Uint8Array, position: number): void => {
      for (let off = 0; off < target.length; ) {
        const n = readSync(fd, target, off, Math.min(chunkBytes, target.length - off), position + off);
        if (n === 0) fail('too short');
        hash.update(target.subarray(off, off + n));
        off += n;
      }
    };
    if (size < 4) return fail('too short');
    const lenBytes = Buffer.alloc(4);
    read(lenBytes, 0);
    const headLen = lenBytes.readUInt32LE(0);
    if (4 + headLen > size) return fail('wrong length');
    const headBytes = Buffer.alloc(headLen);
    read(headBytes, 4);
    let header: Header;
    try {
      header = JSON.parse(headBytes.toString('utf8')) as Header;
    } catch {
      return fail('unreadable header');
    }
    const validStart = 4 + headLen;
    const dataStart = Math.ceil((validStart + header.rows) / 8) * 8;
    const expected = dataStart + dataBytesOf(header, fail);
    if (size !== expected) return fail('wrong length');
    const between = Buffer.alloc(dataStart - validStart);
    read(between, validStart);
    const valid = new Uint8Array(between.subarray(0, header.rows));
    const content = readMatrix(header, valid, (target) => read(target, dataStart));
    checkDigest(file, hash, fail);
    return content;
  } finally {
    closeSync(fd);
  }
}

function dataBytesOf(header: Header, fail: (why: string) => never): number {
  if (header.kind === 'bits' && header.bits !== undefined) return header.rows * bytesPerRow(header.bits);
  if (header.kind === 'dense' && header.cols !== undefined) return header.rows * header.cols * 8;
  return fail('unknown matrix kind');
}

function readMatrix(header: Header, valid: Uint8Array, fill: (target: Uint8Array) => void): FeatureFileContent {
  if (header.kind === 'bits' && header.bits !== undefined) {
    const bpr = bytesPerRow(header.bits);
    const bytes = header.rows * bpr;
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes)));
    fill(data.subarray(0, bytes));
    return {
      valid,
      errors: header.errors,
      matrix: { kind: 'bits', rows: header.rows, bits: header.bits, bytesPerRow: bpr, data },
    };
  }
  const cols = header.cols ?? 0;
  const n = header.rows * cols;
  const data = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));
  fill(new Uint8Array(data.buffer, 0, n * 8));
  return {
    valid,
    errors: header.errors,
    matrix: { kind: 'dense', rows: header.rows, cols, data, names: header.names ?? [] },
  };
}

/** A file without a digest (a power cut before it was written, or an older Alcove's) is featurized again. */
function checkDigest(file: string, hash: Hash, fail: (why: string) => never): void {
  const recorded = recordedDigest(file);
  if (recorded === null) return fail(NO_DIGEST);
  const actual = hash.digest('hex');
  if (recorded !== actual) fail(`its sha256 is ${actual}, ${file}.sha256 records ${recorded}`);
}
