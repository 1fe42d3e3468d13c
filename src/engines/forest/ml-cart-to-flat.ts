/**
 * Conversion of an ml-cart tree (as trained inside ml-random-forest) into a `FlatTree`.
 *
 * ml-cart stores a tree as linked `TreeNode` objects: a node is internal when it has both `left` and `right`,
 * and then sends `row[splitColumn] < splitValue` left. A leaf holds `distribution`: the mean label (regression)
 * or a 1×k ml-matrix of class shares (classification; k = largest label in the leaf + 1). ml-random-forest trains
 * each tree on a column subset, so `splitColumn` indexes `usedIndex` (the forest's `indexes[t]`).
 *
 * `FlatTree` sends `x <= threshold` left, so the strict `x < v` becomes `x <= nextDown(v)` (the largest double
 * below v): the same partition of every double, not an approximation. NaN goes right in both.
 * Nodes are numbered in preorder, so children always have larger indices than their parent.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { FlatTree, ModelTask } from '../../shared/forest-types.js';

interface MlCartNode {
  readonly left?: unknown;
  readonly right?: unknown;
  readonly splitColumn?: unknown;
  readonly splitValue?: unknown;
  readonly distribution?: unknown;
}

interface MlMatrixRow {
  readonly columns: number;
  get(row: number, column: number): number;
}

function isNode(value: unknown): value is MlCartNode {
  return typeof value === 'object' && value !== null;
}

function isMatrixRow(value: unknown): value is MlMatrixRow {
  return isNode(value) && typeof (value as { get?: unknown }).get === 'function' && 'columns' in value;
}

export function mlCartToFlat(root: unknown, usedIndex: readonly number[], task: ModelTask): FlatTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const broken = (message: string): never => {
    throw new AlcoveError('INTERNAL', `ml-cart tree conversion: ${message}`);
  };

  const visit = (node: unknown): number => {
    if (!isNode(node)) return broken('node is not an object');
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    if (isNode(node.left) && isNode(node.right)) {
      const column = node.splitColumn;
      const split = node.splitValue;
      if (typeof column !== 'number' || typeof split !== 'number') return broken('split without column or value');
      const original = usedIndex[column];
      if (original === undefined) return broken(`split column ${column} outside the feature subset`);
      feature[id] = original;
      threshold[id] = nextDown(split);
      left[id] = visit(node.left);
      right[id] = visit(node.right);
    } else {
      value[id] = leafValue(node.distribution, task) ?? broken('leaf without a distribution');
    }
    return id;
  };
  visit(root);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

function leafValue(distribution: unknown, task: ModelTask): number | undefined {
  if (task === 'regression') return typeof distribution === 'number' ? distribution : undefined;
  if (!isMatrixRow(distribution)) return undefined;
  // Share of class 1; a leaf with only class-0 samples has a single column.
  return distribution.columns > 1 ? distribution.get(0, 1) : 0;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The largest double strictly below `v` (for finite v and +Infinity; NaN and -Infinity are returned as is). */
export function nextDown(v: number): number {
  if (Number.isNaN(v) || v === -Infinity) return v;
  if (v === 0) return -Number.MIN_VALUE;
  f64[0] = v;
  i64[0] = v > 0 ? i64[0]! - 1n : i64[0]! + 1n;
  return f64[0];
}
