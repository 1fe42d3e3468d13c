/**
 * Featurization through the worker pool, cached by content hash.
 *
 * The key is sha256 over the featurizer spec and the exact SMILES list, so a resumed or repeated
 * campaign (or another campaign over the same pool) reads the matrix back instead of featurizing again.
 * Matrices are assembled on SharedArrayBuffers: workers that train and predict read them without a copy.
 *
 * File format (`artifacts/features/<key>.bin`): u32 header length, JSON header, one validity byte per
 * row, zero padding to a multiple of 8, then the matrix data (packed bits, or float64 row-major).
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { bytesPerRow, type FeatureMatrix, type FeaturizerSpec } from '../shared/features.js';
import { sha256, sha256Json } from '../shared/hash.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import type { WorkerPool } from './worker-pool.js';

export interface Features {
  readonly key: string;
  readonly matrix: FeatureMatrix;
  /** 1 where RDKit parsed the SMILES. */
  readonly valid: Uint8Array;
  readonly errors: readonly { index: number; smiles: string; message: string }[];
  readonly fromCache: boolean;
  readonly file: string;
}

interface Header {
  readonly version: 1;
  readonly kind: FeatureMatrix['kind'];
  readonly rows: number;
  readonly bits?: number;
  readonly cols?: number;
  readonly names?: readonly string[];
  readonly errors: Features['errors'];
}

/** Molecules per worker task: small enough to spread over the pool, large enough to amortise dispatch. */
const CHUNK = { bits: 2048, dense: 256 } as const;

export function featuresKey(smiles: readonly string[], spec: FeaturizerSpec): string {
  return sha256Json({ v: 1, spec, smiles: sha256(smiles.join('\n')) });
}

export function createFeatureStore(dir: string) {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, Promise<Features>>();

  async function compute(
    key: string,
    smiles: readonly string[],
    spec: FeaturizerSpec,
    pool: WorkerPool,
    signal?: AbortSignal,
  ): Promise<Features> {
    const file = join(dir, `${key}.bin`);
    if (existsSync(file)) return { ...readFeatures(file, key), fromCache: true, file };
    const chunk = spec.kind === 'descriptors' ? CHUNK.dense : CHUNK.bits;
    const starts: number[] = [];
    for (let s = 0; s < smiles.length; s += chunk) starts.push(s);
    const parts = await Promise.all(
      starts.map((s) =>
        pool.run({ type: 'featurize', smiles: smiles.slice(s, s + chunk), spec }, signal ? { signal } : {}),
      ),
    );
    const valid = new Uint8Array(smiles.length);
    const errors: { index: number; smiles: string; message: string }[] = [];
    let matrix: FeatureMatrix;
    const first = parts[0]?.value.matrix;
    if (first === undefined || first.kind === 'bits') {
      const bits = first?.bits ?? (spec.kind === 'descriptors' ? 0 : spec.bits);
      const bpr = bytesPerRow(bits);
      const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, smiles.length * bpr)));
      parts.forEach((p, i) => {
        const m = p.value.matrix;
        if (m.kind !== 'bits') throw new AlcoveError('INTERNAL', 'mixed feature kinds');
        data.set(m.data.subarray(0, m.rows * bpr), (starts[i] ?? 0) * bpr);
      });
      matrix = { kind: 'bits', rows: smiles.length, bits, bytesPerRow: bpr, data };
    } else {
      const cols = first.cols;
      const data = new Float64Array(new SharedArrayBuffer(Math.max(8, smiles.length * cols * 8)));
      parts.forEach((p, i) => {
        const m = p.value.matrix;
        if (m.kind !== 'dense') throw new AlcoveError('INTERNAL', 'mixed feature kinds');
        data.set(m.data.subarray(0, m.rows * cols), (starts[i] ?? 0) * cols);
      });
      matrix = { kind: 'dense', rows: smiles.length, cols, data, names: first.names };
    }
    parts.forEach((p, i) => {
      const offset = starts[i] ?? 0;
      valid.set(p.value.valid, offset);
      for (const e of p.value.errors) errors.push({ ...e, index: e.index + offset });
    });
    writeFeatures(file, matrix, valid, errors);
    return { key, matrix, valid, errors, fromCache: false, file };
  }

  return {
    dir,
    /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
    get(smiles: readonly string[], spec: FeaturizerSpec, pool: WorkerPool, signal?: AbortSignal): Promise<Features> {
      const key = featuresKey(smiles, spec);
      let pending = memo.get(key);
      if (pending === undefined) {
        pending = compute(key, smiles, spec, pool, signal);
        memo.set(key, pending);
        // A failed or aborted computation must not poison the memo.
        pending.catch(() => memo.delete(key));
      }
      return pending;
    },
  };
}

export type FeatureStore = ReturnType<typeof createFeatureStore>;

function writeFeatures(file: string, m: FeatureMatrix, valid: Uint8Array, errors: Features['errors']): void {
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
  writeFileAtomic(file, out);
}

function readFeatures(file: string, key: string): Omit<Features, 'fromCache' | 'file'> {
  const buf = readFileSync(file);
  const fail = (why: string): never => {
    throw new AlcoveError('BAD_DATA', `feature cache ${file} is damaged (${why}); delete it to featurize again`);
  };
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
    return { key, valid, errors: header.errors, matrix: { kind: 'bits', rows: header.rows, bits: header.bits, bytesPerRow: bpr, data } };
  }
  if (header.kind === 'dense' && header.cols !== undefined) {
    const n = header.rows * header.cols;
    if (buf.length !== dataStart + n * 8) return fail('wrong length');
    const data = new Float64Array(new SharedArrayBuffer(Math.max(8, n * 8)));
    new Uint8Array(data.buffer).set(buf.subarray(dataStart, dataStart + n * 8));
    return {
      key,
      valid,
      errors: header.errors,
      matrix: { kind: 'dense', rows: header.rows, cols: header.cols, data, names: header.names ?? [] },
    };
  }
  return fail('unknown matrix kind');
}
