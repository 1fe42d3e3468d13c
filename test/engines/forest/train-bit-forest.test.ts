import { describe, expect, it } from 'vitest';
import type { ForestParams } from '../../../src/shared/forest-types.js';
import { mergeForests } from '../../../src/engines/forest/merge-forests.js';
import { predictForest } from '../../../src/engines/forest/predict-forest.js';
import { trainBitForest } from '../../../src/engines/forest/train-bit-forest.js';
import { referenceBitTree, shapeOf } from './bit-reference.js';
import { allRows, baseParams, bitLeaf, bitMatrix, hasBit, randomOnBits, treeDepth } from './helpers.js';
import { expectAlcoveError } from '../../helpers/alcove-error.js';

/** 40 rows of 64 bits: random noise bits, plus bit 7 on in every other row; y = 5 when bit 7 is on, else 1. */
function bit7Data() {
  const on = randomOnBits(40, 64, 0.15, 3).map((row, i) => [...row.filter((b) => b !== 7), ...(i % 2 ? [7] : [])]);
  const X = bitMatrix(on, 64);
  const y = Float64Array.from(on, (row) => (row.includes(7) ? 5 : 1));
  return { X, y };
}

/** Random bits with y a weighted sum of a few bits plus integer noise (exact arithmetic for the reference). */
function randomData(rows: number, bits: number, seed: number) {
  const on = randomOnBits(rows, bits, 0.2, seed);
  const X = bitMatrix(on, bits);
  const y = Float64Array.from(on, (row, i) => {
    let v = (i * 7919) % 5;
    for (const b of [1, 4, 9, 16, 25]) if (row.includes(b)) v += b;
    return v;
  });
  return { X, y };
}

describe('trainBitForest', () => {
  it('finds the one informative bit and predicts exactly', () => {
    const { X, y } = bit7Data();
    const forest = trainBitForest(X, allRows(40), y, { ...baseParams, trees: 3 });
    expect(forest.kind).toBe('bits');
    expect(forest.features).toBe(64);
    for (const tree of forest.trees) {
      expect(tree.feature[0]).toBe(7);
      expect(tree.threshold[0]).toBe(0.5);
      expect(tree.feature.length).toBe(3); // pure children stop
    }
    const p = predictForest(forest, X, allRows(40));
    expect(Array.from(p.mean)).toEqual(Array.from(y));
    expect(p.std.every((s) => s === 0)).toBe(true);
  });

  it('splits on bit 7 at the root of every bootstrapped tree', () => {
    const { X, y } = bit7Data();
    const forest = trainBitForest(X, allRows(40), y, { ...baseParams, trees: 20, bootstrap: true });
    for (const tree of forest.trees) expect(tree.feature[0]).toBe(7);
    const p = predictForest(forest, X, allRows(40));
    expect(Array.from(p.mean)).toEqual(Array.from(y));
  });

  it('matches a naive reference learner tree for tree', () => {
    const configs: Partial<ForestParams>[] = [
      {},
      { bootstrap: true },
      { bootstrap: true, maxDepth: 3 },
      { bootstrap: true, minSamplesLeaf: 4 },
    ];
    // 64 bits × 300 rows × ~13 on-bits: big nodes use dense histograms, small ones sparse sums.
    const { X, y } = randomData(300, 64, 11);
    for (const c of configs) {
      const params: ForestParams = { ...baseParams, ...c, trees: 3, seed: 5 };
      const forest = trainBitForest(X, allRows(300), y, params);
      forest.trees.forEach((tree, t) => {
        expect(shapeOf(tree)).toEqual(referenceBitTree(X, allRows(300), y, params, t));
      });
    }
  });

  it('honours maxDepth', () => {
    const { X, y } = randomData(200, 64, 2);
    for (const maxDepth of [0, 1, 3]) {
      const forest = trainBitForest(X, allRows(200), y, { ...baseParams, trees: 5, bootstrap: true, maxDepth });
      for (const tree of forest.trees) expect(treeDepth(tree)).toBe(maxDepth);
    }
    const root = trainBitForest(X, allRows(200), y, { ...baseParams, maxDepth: 0 });
    expect(root.trees[0]!.feature.length).toBe(1);
    expect(root.trees[0]!.value[0]).toBeCloseTo(y.reduce((a, b) => a + b, 0) / 200, 12);
    const deep = trainBitForest(X, allRows(200), y, baseParams);
    expect(treeDepth(deep.trees[0]!)).toBeGreaterThan(3);
  });

  it('honours minSamplesLeaf', () => {
    const { X, y } = randomData(200, 64, 4);
    for (const msl of [1, 5, 20]) {
      const forest = trainBitForest(X, allRows(200), y, { ...baseParams, minSamplesLeaf: msl });
      const tree = forest.trees[0]!;
      const perLeaf = new Map<number, number>();
      for (let r = 0; r < 200; r++) {
        const leaf = bitLeaf(tree, X, r);
        perLeaf.set(leaf, (perLeaf.get(leaf) ?? 0) + 1);
      }
      expect(Math.min(...perLeaf.values())).toBeGreaterThanOrEqual(msl);
      if (msl === 1) expect(Math.min(...perLeaf.values())).toBe(1);
    }
  });

  it('does not split when nothing gains', () => {
    const X = bitMatrix(randomOnBits(30, 16, 0.3, 1), 16);
    const constant = trainBitForest(X, allRows(30), new Float64Array(30).fill(2.5), baseParams);
    expect(Array.from(constant.trees[0]!.feature)).toEqual([-1]);
    expect(constant.trees[0]!.value[0]).toBe(2.5);
    // Two samples with different labels but identical bits: no split separates them.
    const twins = bitMatrix(
      [
        [1, 3],
        [1, 3],
      ],
      16,
    );
    const t = trainBitForest(twins, allRows(2), Float64Array.from([0, 1]), baseParams);
    expect(Array.from(t.trees[0]!.feature)).toEqual([-1]);
  });

  it('breaks ties toward the lowest feature index', () => {
    // Bits 20 and 10 always agree and decide y; bit 3 is noise.
    const on = Array.from({ length: 12 }, (_, i) => [...(i % 3 === 0 ? [3] : []), ...(i % 2 ? [10, 20] : [])]);
    const y = Float64Array.from(on, (row) => (row.includes(10) ? 1 : 0));
    const forest = trainBitForest(bitMatrix(on, 32), allRows(12), y, baseParams);
    expect(forest.trees[0]!.feature[0]).toBe(10);
  });

  it('is deterministic in the seed', () => {
    const { X, y } = randomData(150, 64, 8);
    const params: ForestParams = { ...baseParams, trees: 4, bootstrap: true, maxFeatures: 0.3, seed: 9 };
    const a = trainBitForest(X, allRows(150), y, params);
    const b = trainBitForest(X, allRows(150), y, params);
    expect(b).toEqual(a);
    const c = trainBitForest(X, allRows(150), y, { ...params, seed: 10 });
    expect(c).not.toEqual(a);
    expect(c.trees[0]!.feature).not.toEqual(a.trees[0]!.feature);
  });

  it('trained in pieces equals trained whole', () => {
    const { X, y } = randomData(150, 64, 6);
    for (const maxFeatures of [1.0, 0.25, 'sqrt'] as const) {
      const params: ForestParams = { ...baseParams, trees: 10, bootstrap: true, maxFeatures, seed: 21 };
      const whole = trainBitForest(X, allRows(150), y, params);
      const pieces = mergeForests([
        trainBitForest(X, allRows(150), y, { ...params, trees: 4 }, 0),
        trainBitForest(X, allRows(150), y, { ...params, trees: 1 }, 4),
        trainBitForest(X, allRows(150), y, { ...params, trees: 5 }, 5),
      ]);
      expect(pieces).toEqual(whole);
    }
  });

  it('samples features per split', () => {
    const { X, y } = randomData(200, 64, 12);
    const all = trainBitForest(X, allRows(200), y, { ...baseParams, trees: 5 });
    const few = trainBitForest(X, allRows(200), y, { ...baseParams, trees: 5, maxFeatures: 'log2' });
    // Without sampling every tree is the same (no bootstrap); with 6 of 64 candidates they differ.
    expect(new Set(all.trees.map((t) => t.feature[0])).size).toBe(1);
    expect(new Set(few.trees.map((t) => Array.from(t.feature).join())).size).toBe(5);
  });

  it('draws candidates among bits that vary in the node (as scikit-learn does)', () => {
    // Bits 40..49 vary, the other 54 are constant. 'log2' gives 6 candidates of 64: a draw that counted constant
    // bits would miss all 10 varying ones for about a third of the nodes and leave them unsplit.
    const on = randomOnBits(60, 10, 0.5, 9).map((row) => [0, 1, ...row.map((b) => b + 40)]);
    const y = Float64Array.from(on, (row) => row.reduce((a, b) => a + (b >= 40 ? b - 39 : 0), 0));
    const X = bitMatrix(on, 64);
    const forest = trainBitForest(X, allRows(60), y, { ...baseParams, trees: 8, maxFeatures: 'log2', maxDepth: 3 });
    for (const tree of forest.trees) {
      expect(treeDepth(tree)).toBe(3);
      expect(Array.from(tree.feature).filter((f) => f >= 0).length).toBe(7); // a full tree of depth 3
      for (const f of tree.feature) if (f >= 0) expect(f >= 40 && f < 50).toBe(true);
    }
  });

  it('uses only the listed rows, in order', () => {
    const { X, y } = bit7Data();
    const rows = Int32Array.from([39, 2, 5, 10, 11, 20, 21, 33]);
    const ySub = Float64Array.from(rows, (r) => y[r]!);
    const forest = trainBitForest(X, rows, ySub, baseParams);
    expect(forest.trees[0]!.feature[0]).toBe(7);
    expect(Array.from(predictForest(forest, X, rows).mean)).toEqual(Array.from(ySub));
  });

  it('classifies: leaves hold the share of class 1', () => {
    const on = randomOnBits(60, 32, 0.2, 5).map((row, i) => [
      ...row.filter((b) => b !== 3),
      ...(i % 3 === 0 ? [3] : []),
    ]);
    const X = bitMatrix(on, 32);
    const y = Float64Array.from(on, (row) => (row.includes(3) ? 1 : 0));
    const params: ForestParams = { ...baseParams, task: 'classification', trees: 10, bootstrap: true };
    const forest = trainBitForest(X, allRows(60), y, params);
    expect(forest.task).toBe('classification');
    expect(Array.from(predictForest(forest, X, allRows(60)).mean)).toEqual(Array.from(y));

    // Noisy labels: probabilities stay in [0, 1] and are not all 0/1 at depth 1.
    const noisy = Float64Array.from(on, (row, i) => (row.includes(3) !== (i % 7 === 0) ? 1 : 0));
    const shallow = trainBitForest(X, allRows(60), noisy, { ...params, maxDepth: 1 });
    const p = predictForest(shallow, X, allRows(60)).mean;
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(p.some((v) => v > 0 && v < 1)).toBe(true);
    for (let r = 0; r < 60; r++) expect(p[r]! > 0.5).toBe(hasBit(X, r, 3));
  });

  it('rejects bad input', () => {
    const { X, y } = bit7Data();
    expectAlcoveError(() => trainBitForest(X, allRows(39), y, baseParams), 'BAD_DATA');
    expectAlcoveError(
      () => trainBitForest(X, Int32Array.from([0, 40]), Float64Array.from([1, 2]), baseParams),
      'BAD_DATA',
    );
    expectAlcoveError(() => trainBitForest(X, allRows(0), new Float64Array(0), baseParams), 'BAD_DATA');
    expectAlcoveError(() => trainBitForest(X, allRows(40), y, { ...baseParams, task: 'classification' }), 'BAD_DATA');
    expectAlcoveError(() => trainBitForest(X, allRows(40), y, { ...baseParams, maxFeatures: 1.5 }), 'BAD_CONFIG');
    expectAlcoveError(() => trainBitForest(X, allRows(40), y, { ...baseParams, minSamplesLeaf: 0 }), 'BAD_CONFIG');
    expectAlcoveError(() => trainBitForest(X, allRows(40), y, baseParams, -1), 'BAD_CONFIG');
  });
});
