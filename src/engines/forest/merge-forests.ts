/**
 * Joining forests trained in pieces, and the binary artifact format of a forest.
 *
 * Format (all little-endian), version 1:
 *   "ALCF" · u32 version · u8 kind (0 bits, 1 dense) · u8 task (0 regression, 1 classification) · u16 0
 *   · u32 features · u32 trees · u32 nodes[trees]
 *   · per tree: i32 feature[n] · i32 left[n] · i32 right[n] · f64 threshold[n] · f64 value[n]
 *   · 32-byte sha256 of everything before it.
 * Doubles are stored bit for bit, so a forest loads back identical (including -0 and subnormals).
 */
import { AlcoveError, isAlcoveError } from '../../shared/errors.js';
import type { FlatTree, ModelTask, SerializedForest } from '../../shared/forest-types.js';
import { sha256 } from '../../shared/hash.js';
import { assertValidForest } from './validate-forest.js';

/** Trees of `parts` concatenated in order; all parts must share kind, task and feature count. */
export function mergeForests(parts: readonly SerializedForest[]): SerializedForest {
  const first = parts[0];
  if (first === undefined) throw new AlcoveError('BAD_INPUT', 'mergeForests: no forests to merge');
  for (const p of parts) {
    if (p.kind !== first.kind || p.task !== first.task || p.features !== first.features) {
      throw new AlcoveError(
        'BAD_INPUT',
        `mergeForests: cannot merge a ${p.kind}/${p.task}/${p.features} forest ` +
          `into ${first.kind}/${first.task}/${first.features}`,
      );
    }
  }
  return { kind: first.kind, task: first.task, features: first.features, trees: parts.flatMap((p) => p.trees) };
}

const MAGIC = [0x41, 0x4c, 0x43, 0x46] as const; // "ALCF"
const VERSION = 1;
const HASH_BYTES = 32;
const KINDS = ['bits', 'dense'] as const;
const TASKS = ['regression', 'classification'] as const satisfies readonly ModelTask[];

export function forestToBytes(forest: SerializedForest): Uint8Array {
  assertValidForest(forest);
  const T = forest.trees.length;
  let size = 20 + 4 * T;
  for (const tree of forest.trees) size += 28 * tree.feature.length;
  const bytes = new Uint8Array(size + HASH_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint32(4, VERSION, true);
  view.setUint8(8, KINDS.indexOf(forest.kind));
  view.setUint8(9, TASKS.indexOf(forest.task));
  view.setUint32(12, forest.features, true);
  view.setUint32(16, T, true);
  let p = 20;
  for (const tree of forest.trees) {
    view.setUint32(p, tree.feature.length, true);
    p += 4;
  }
  for (const tree of forest.trees) {
    for (const arr of [tree.feature, tree.left, tree.right]) {
      for (let i = 0; i < arr.length; i++, p += 4) view.setInt32(p, arr[i]!, true);
    }
    for (const arr of [tree.threshold, tree.value]) {
      for (let i = 0; i < arr.length; i++, p += 8) view.setFloat64(p, arr[i]!, true);
    }
  }
  bytes.set(Buffer.from(sha256(bytes.subarray(0, size)), 'hex'), size);
  return bytes;
}

/** @throws AlcoveError BAD_CHECKPOINT when the bytes are not a valid, intact forest artifact. */
export function forestFromBytes(bytes: Uint8Array): SerializedForest {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_CHECKPOINT', `forest artifact: ${message}`);
  };
  if (bytes.length < 20 + HASH_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) bad('not an Alcove forest');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== VERSION) bad(`unsupported version ${version}`);
  const size = bytes.length - HASH_BYTES;
  if (sha256(bytes.subarray(0, size)) !== Buffer.from(bytes.subarray(size)).toString('hex')) bad('checksum mismatch');
  const kind = KINDS[view.getUint8(8)] ?? bad(`unknown kind code ${view.getUint8(8)}`);
  const task = TASKS[view.getUint8(9)] ?? bad(`unknown task code ${view.getUint8(9)}`);
  const features = view.getUint32(12, true);
  const T = view.getUint32(16, true);
  if (20 + 4 * T > size) bad(`truncated tree table (${T} trees)`);
  const counts: number[] = [];
  let expected = 20 + 4 * T;
  for (let t = 0; t < T; t++) {
    const n = view.getUint32(20 + 4 * t, true);
    counts.push(n);
    expected += 28 * n;
  }
  if (expected !== size) bad(`expected ${expected} bytes of trees, found ${size}`);
  let p = 20 + 4 * T;
  const readI32 = (n: number): Int32Array => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++, p += 4) out[i] = view.getInt32(p, true);
    return out;
  };
  const readF64 = (n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++, p += 8) out[i] = view.getFloat64(p, true);
    return out;
  };
  const trees: FlatTree[] = counts.map((n) => {
    const feature = readI32(n);
    const left = readI32(n);
    const right = readI32(n);
    const threshold = readF64(n);
    const value = readF64(n);
    return { feature, threshold, left, right, value };
  });
  const forest: SerializedForest = { kind, task, features, trees };
  try {
    assertValidForest(forest);
  } catch (error) {
    if (isAlcoveError(error)) bad(error.message);
    throw error;
  }
  return forest;
}

/**
 * The same forest with every tree array a view on one SharedArrayBuffer, for posting to several workers:
 * structured clone then shares the memory instead of copying ~1.4 MB (100 trees, depth 8) per task, several
 * times faster on each side of the post (bench/README.md).
 * Doubles come first so that every view is aligned.
 */
export function shareForest(forest: SerializedForest): SerializedForest {
  let bytes = 0;
  for (const t of forest.trees) bytes += 16 * t.threshold.length + 12 * t.feature.length;
  const buffer = new SharedArrayBuffer(bytes);
  let off = 0;
  const take = <A extends Float64Array | Int32Array>(
    src: A,
    make: (b: SharedArrayBuffer, o: number, n: number) => A,
  ): A => {
    const view = make(buffer, off, src.length);
    view.set(src);
    off += src.byteLength;
    return view;
  };
  const f64 = (b: SharedArrayBuffer, o: number, n: number) => new Float64Array(b, o, n);
  const i32 = (b: SharedArrayBuffer, o: number, n: number) => new Int32Array(b, o, n);
  const doubles = forest.trees.map((t) => ({ threshold: take(t.threshold, f64), value: take(t.value, f64) }));
  const trees: FlatTree[] = forest.trees.map((t, k) => ({
    threshold: doubles[k]!.threshold,
    value: doubles[k]!.value,
    feature: take(t.feature, i32),
    left: take(t.left, i32),
    right: take(t.right, i32),
  }));
  return { kind: forest.kind, task: forest.task, features: forest.features, trees };
}
