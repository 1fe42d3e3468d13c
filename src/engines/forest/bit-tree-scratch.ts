/**
 * Buffers of grow-bit-tree.ts, allocated once per training call and reused by every tree: the per-sample sums'
 * inputs, the sparse accumulators, the split context, the depth-first stack, the node arrays (at most 2n − 1 nodes
 * for n samples), and the pool of dense histogram slots a node's sums live in.
 */
import {
  clearSparse,
  createHist,
  createSparseHist,
  type Hist,
  type SampleSums,
  type SparseHist,
  type SplitContext,
} from './bit-split-search.js';
import type { SparseBits } from './sparse-bits.js';

/** Dense histograms alive at once (3 × features doubles each); beyond that nodes use sparse sums. */
const MAX_SLOTS = 32;
/** Stack `slot` values below 0: no sums yet, or the sums are in the (single) main sparse accumulator. */
export const NO_SUMS = -1;
export const SPARSE_SUMS = -2;

/** Scratch buffers reused across the trees of one training call. */
export interface BitTreeScratch {
  readonly sums: SampleSums & { readonly weight: Float64Array; readonly weightY: Float64Array };
  readonly spill: Int32Array;
  readonly main: SparseHist;
  readonly temp: SparseHist;
  readonly ctx: SplitContext;
  readonly perm: Int32Array;
  readonly stack: Int32Array;
  readonly feature: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly slots: Hist[];
  readonly freeSlots: number[];
}

export function createBitTreeScratch(sparse: SparseBits, features: number): BitTreeScratch {
  const samples = sparse.samples;
  const maxNodes = 2 * samples + 1;
  return {
    sums: {
      offsets: sparse.offsets,
      bits: sparse.bits,
      index: new Int32Array(samples),
      weight: new Float64Array(samples),
      weightY: new Float64Array(samples),
    },
    spill: new Int32Array(samples),
    main: createSparseHist(features),
    temp: createSparseHist(features),
    ctx: {
      size: 0,
      W: 0,
      S: 0,
      Q: 0,
      msl: 1,
      sampling: false,
      stampId: 0,
      stamp: new Int32Array(features),
      score: new Float64Array(features),
      best: -Infinity,
    },
    perm: new Int32Array(features),
    stack: new Int32Array(5 * (maxNodes + 2)),
    feature: new Int32Array(maxNodes),
    left: new Int32Array(maxNodes),
    right: new Int32Array(maxNodes),
    value: new Float64Array(maxNodes),
    slots: [],
    freeSlots: [],
  };
}

/** A free dense histogram slot, or NO_SUMS when MAX_SLOTS are in use. */
export function acquireSlot(s: BitTreeScratch, features: number): number {
  const free = s.freeSlots.pop();
  if (free !== undefined) return free;
  if (s.slots.length >= MAX_SLOTS) return NO_SUMS;
  s.slots.push(createHist(features));
  return s.slots.length - 1;
}

/** Gives back whatever sums a node holds. */
export function dropSums(s: BitTreeScratch, slot: number): void {
  if (slot >= 0) s.freeSlots.push(slot);
  else if (slot === SPARSE_SUMS) clearSparse(s.main);
}
