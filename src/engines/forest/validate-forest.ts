/**
 * Structural checks of a forest received from another thread or loaded from disk. Children must have larger
 * indices than their parent (both trainers number nodes that way), which also rules out cycles, so a
 * validated tree cannot trap prediction in an endless walk.
 */
import { AlcoveError } from '../../shared/errors.js';
import type { FlatTree, SerializedForest } from '../../shared/forest-types.js';

export function assertValidForest(forest: SerializedForest): void {
  const bad = (message: string): never => {
    throw new AlcoveError('BAD_INPUT', `forest: ${message}`);
  };
  if (forest.kind !== 'bits' && forest.kind !== 'dense') bad(`unknown kind ${String(forest.kind)}`);
  if (forest.task !== 'regression' && forest.task !== 'classification') bad(`unknown task ${String(forest.task)}`);
  if (!Number.isInteger(forest.features) || forest.features <= 0) bad(`bad feature count ${forest.features}`);
  forest.trees.forEach((tree, t) => {
    const problem = flatTreeProblem(tree, forest.features);
    if (problem !== undefined) bad(`tree ${t}: ${problem}`);
  });
}

/** Why `tree` is malformed, or undefined when it is fine. */
export function flatTreeProblem(tree: FlatTree, features: number): string | undefined {
  const { feature, threshold, left, right, value } = tree;
  if (!(feature instanceof Int32Array && left instanceof Int32Array && right instanceof Int32Array)) {
    return 'feature/left/right must be Int32Array';
  }
  if (!(threshold instanceof Float64Array && value instanceof Float64Array)) {
    return 'threshold/value must be Float64Array';
  }
  const n = feature.length;
  if (n === 0) return 'no nodes';
  if (threshold.length !== n || left.length !== n || right.length !== n || value.length !== n) {
    return 'arrays differ in length';
  }
  for (let i = 0; i < n; i++) {
    const f = feature[i]!;
    if (f === -1) {
      if (!Number.isFinite(value[i]!)) return `leaf ${i} has value ${value[i]}`;
      continue;
    }
    if (f < 0 || f >= features) return `node ${i} splits on feature ${f} of ${features}`;
    if (Number.isNaN(threshold[i]!)) return `node ${i} has a NaN threshold`;
    const l = left[i]!;
    const r = right[i]!;
    if (l <= i || l >= n || r <= i || r >= n) return `node ${i} has children ${l}, ${r} (must be in (${i}, ${n}))`;
  }
  return undefined;
}
