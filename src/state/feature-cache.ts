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
import { canonicalJson, sha256, sha256Json } from '../shared/hash.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import type { InjectedFailure } from '../shared/tasks.js';
import type { Exec } from '../pool/executor.js';
import { range } from '../pool/supervisor.js';

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
  // The key hashes the whole SMILES list (2.5 MB for Enamine 50k, ~8 ms), and every stage asks for the
  // features: remember it per list (the dataset's array, never mutated) and spec. Measured by the bench:
  // 17 calls per 50k campaign took 130-145 ms of main-thread time, >1% of the campaign's wall time.
  const keys = new WeakMap<readonly string[], Map<string, string>>();
  const keyOf = (smiles: readonly string[], spec: FeaturizerSpec): string => {
    let bySpec = keys.get(smiles);
    if (bySpec === undefined) {
      bySpec = new Map();
      keys.set(smiles, bySpec);
    }
    const specKey = canonicalJson(spec);
    let key = bySpec.get(specKey);
    if (key === undefined) {
      key = featuresKey(smiles, spec);
      bySpec.set(specKey, key);
    }
    return key;
  };

  async function compute(
    key: string,
    smiles: readonly string[],
    spec: FeaturizerSpec,
    exec: Exec,
    inject?: FeaturizeInjector,
  ): Promise<Features> {
    const file = join(dir, `${key}.bin`);
    if (existsSync(file)) return { ...readFeatures(file, key), fromCache: true, file };
    const chunk = spec.kind === 'descriptors' ? CHUNK.dense : CHUNK.bits;
    const chunks: number[][] = [];
    for (let s = 0; s < smiles.length; s += chunk) chunks.push(range(s, Math.min(smiles.length, s + chunk)));
    const results = await exec.call('featurize', 'featurize', (record) =>
      Promise.all(
        chunks.map((items) =>
          exec.supervise('featurize', 'featurize', items, async (its, ctx) => {
            const injected = inject?.(its, ctx.attempt);
            const r = await exec.run(
              'featurize',
              {
                type: 'featurize',
                smiles: its.map((i) => smiles[i] ?? ''),
                spec,
                ...(injected ? { inject: injected } : {}),
              },
              ctx.signal,
            );
            record(r.stats);
            return { value: r.value, heapUsed: r.stats.heapUsed };
          }),
        ),
      ),
    );
    const valid = new Uint8Array(smiles.length);
    const errors: { index: number; smiles: string; message: string }[] = [];
    let matrix: FeatureMatrix | null = null;
    let lost = 0;
    for (const result of results) {
      for (const part of result.parts) {
        const m = part.value.matrix;
        matrix ??= allocate(m, smiles.length);
        copyRows(m, part.items, matrix);
        part.items.forEach((row, j) => {
          valid[row] = part.value.valid[j] ?? 0;
        });
        for (const e of part.value.errors) {
          const row = part.items[e.index] ?? e.index;
          errors.push({ ...e, index: row });
        }
      }
      for (const row of result.dropped) {
        lost += 1;
        errors.push({ index: row, smiles: smiles[row] ?? '', message: 'rejected by the featurizer as bad input' });
      }
      for (const f of result.failed) {
        lost += f.items.length;
        for (const row of f.items) {
          errors.push({
            index: row,
            smiles: smiles[row] ?? '',
            message: `featurization failed: ${f.class}: ${f.message}`,
          });
        }
      }
    }
    if (smiles.length > 0 && lost / smiles.length > exec.maxFailureRate) {
      throw new AlcoveError(
        'TASK_FAILED',
        `featurization failed for ${lost} of ${smiles.length} molecules (more than failures.max_rate ` +
          `${exec.maxFailureRate}); first: ${errors.find((e) => e.message.startsWith('featurization failed'))?.message ?? errors[0]?.message ?? ''}`,
        { retryable: true },
      );
    }
    matrix ??= emptyMatrix(spec, smiles.length);
    errors.sort((a, b) => a.index - b.index);
    // Only complete, failure-free results are cached: a transient failure must not outlive its run.
    const complete = results.every((r) => r.failed.length === 0 && r.dropped.length === 0);
    if (complete) writeFeatures(file, matrix, valid, errors);
    return { key, matrix, valid, errors, fromCache: false, file };
  }

  return {
    dir,
    /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
    get(smiles: readonly string[], spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector): Promise<Features> {
      const key = keyOf(smiles, spec);
      let pending = memo.get(key);
      if (pending === undefined) {
        pending = compute(key, smiles, spec, exec, inject);
        memo.set(key, pending);
        // A failed or aborted computation must not poison the memo.
        pending.catch(() => memo.delete(key));
      }
      return pending;
    },
  };
}

export type FeatureStore = ReturnType<typeof createFeatureStore>;

/** Failure injection for featurize tasks: what to inject into an attempt over these molecules. */
export type FeaturizeInjector = (items: readonly number[], attempt: number) => InjectedFailure | undefined;

function allocate(like: FeatureMatrix, rows: number): FeatureMatrix {
  if (like.kind === 'bits') {
    const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * like.bytesPerRow)));
    return { kind: 'bits', rows, bits: like.bits, bytesPerRow: like.bytesPerRow, data };
  }
  const data = new Float64Array(new SharedArrayBuffer(Math.max(8, rows * like.cols * 8)));
  return { kind: 'dense', rows, cols: like.cols, data, names: like.names };
}

function emptyMatrix(spec: FeaturizerSpec, rows: number): FeatureMatrix {
  if (spec.kind === 'descriptors') {
    return { kind: 'dense', rows, cols: 0, data: new Float64Array(new SharedArrayBuffer(8)), names: [] };
  }
  const bpr = bytesPerRow(spec.bits);
  return {
    kind: 'bits',
    rows,
    bits: spec.bits,
    bytesPerRow: bpr,
    data: new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * bpr))),
  };
}

/** Copy row j of `from` into row items[j] of `to`. */
function copyRows(from: FeatureMatrix, items: readonly number[], to: FeatureMatrix): void {
  const first = items[0];
  const contiguous = first !== undefined && items[items.length - 1] === first + items.length - 1;
  if (contiguous) {
    // The usual case (a chunk that was not split around dropped molecules): one bulk copy instead of a
    // view per row (50k views per featurization were a measurable share of main-thread garbage).
    if (from.kind === 'bits' && to.kind === 'bits') {
      to.data.set(from.data.subarray(0, items.length * from.bytesPerRow), first * from.bytesPerRow);
      return;
    }
    if (from.kind === 'dense' && to.kind === 'dense') {
      to.data.set(from.data.subarray(0, items.length * from.cols), first * from.cols);
      return;
    }
  }
  if (from.kind === 'bits' && to.kind === 'bits') {
    const w = from.bytesPerRow;
    items.forEach((row, j) => to.data.set(from.data.subarray(j * w, (j + 1) * w), row * w));
  } else if (from.kind === 'dense' && to.kind === 'dense') {
    const c = from.cols;
    items.forEach((row, j) => to.data.set(from.data.subarray(j * c, (j + 1) * c), row * c));
  } else {
    throw new AlcoveError('INTERNAL', 'mixed feature kinds');
  }
}

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
    return {
      key,
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
      key,
      valid,
      errors: header.errors,
      matrix: { kind: 'dense', rows: header.rows, cols: header.cols, data, names: header.names ?? [] },
    };
  }
  return fail('unknown matrix kind');
}
