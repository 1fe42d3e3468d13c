/**
 * What the reference tree learners (bit-reference.ts, dense-reference.ts) draw as the trainers do before
 * growing tree `treeIndex`: each sample's bootstrap count (n draws with replacement from the tree's own rng
 * stream; all 1 without bootstrap), and the labels centred on the samples' mean.
 */
import type { ForestParams } from '../../../src/shared/forest-types.js';
import { createRng } from '../../../src/shared/rng.js';

/** For `n` samples, the i-th labeled `y[i]`. */
export function referenceSample(
  n: number,
  y: Float64Array,
  params: ForestParams,
  treeIndex: number,
): { weight: Float64Array; yc: number[] } {
  const weight = new Float64Array(n);
  if (params.bootstrap) {
    const rng = createRng(params.seed, 'tree', treeIndex);
    for (let i = 0; i < n; i++) weight[rng.int(n)]! += 1;
  } else {
    weight.fill(1);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  return { weight, yc: Array.from(y, (v) => v - mean) };
}
