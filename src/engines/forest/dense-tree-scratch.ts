/**
 * Buffers of grow-dense-tree.ts, allocated once per training call and reused by every tree: the per-feature sample
 * lists, per-node candidate scores, the depth-first stack and the node arrays (at most 2n − 1 nodes for n samples).
 */
import type { SweepResult } from './dense-split-search.js';

export interface DenseTreeScratch {
  /** Per sample: bootstrap count, and count × centred label. */
  readonly weight: Float64Array;
  readonly weightY: Float64Array;
  /** The tree's per-feature sample lists, laid out as `DenseColumns.order`. */
  readonly index: Int32Array;
  /** Partition buffers: the right side of a list while it is partitioned, and each sample's side (1 = left). */
  readonly spill: Int32Array;
  readonly goLeft: Uint8Array;
  /** Varying-feature lists by depth (see grow-dense-tree.ts); grown on demand, `levels[0]` is every feature. */
  readonly levels: Int32Array[];
  readonly levelSize: number[];
  /** A node's candidate features, and each one's best score and left count. */
  readonly candidates: Int32Array;
  readonly score: Float64Array;
  readonly nLeft: Int32Array;
  readonly sweep: SweepResult;
  /** Five entries per pending node: id, slice start, slice end, depth, an ordered feature. */
  readonly stack: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export function createDenseTreeScratch(samples: number, features: number): DenseTreeScratch {
  const maxNodes = 2 * samples + 1;
  return {
    weight: new Float64Array(samples),
    weightY: new Float64Array(samples),
    index: new Int32Array(samples * features),
    spill: new Int32Array(samples),
    goLeft: new Uint8Array(samples),
    levels: [Int32Array.from({ length: features }, (_, f) => f)],
    levelSize: [features],
    candidates: new Int32Array(features),
    score: new Float64Array(features),
    nLeft: new Int32Array(features),
    sweep: { score: -Infinity, nLeft: 0 },
    stack: new Int32Array(5 * (maxNodes + 1)),
    feature: new Int32Array(maxNodes),
    threshold: new Float64Array(maxNodes),
    left: new Int32Array(maxNodes),
    right: new Int32Array(maxNodes),
    value: new Float64Array(maxNodes),
  };
}
