/**
 * Micro-benchmark of the dense forest engines: `npx tsx src/bench/dense-forest-micro.ts [--skip-ml]`.
 *
 * Synthetic descriptor-like data (uniform columns, a few of them integer counts with many ties; y a nonlinear
 * function of six columns plus noise), single thread, ESOL's model settings (100 trees, depth 8, maxFeatures 1.0,
 * bootstrap):
 * - trainCartDenseForest on 900 × 43 (ESOL's training split and RDKit.js descriptor count), then with
 *   maxFeatures 'sqrt' and with unlimited depth, then on 5,000 × 200 to show how it scales;
 * - for contrast, ml-random-forest (trainDenseForest) on 900 × 43, 10 trees (`--skip-ml` leaves it out);
 * - held-out R² of each, so that a faster engine cannot hide a worse model.
 * Each timing is the best of a few repetitions (the first includes JIT warm-up and is printed too).
 */
import { basename } from 'node:path';
import type { DenseMatrix } from '../shared/features.js';
import type { ForestParams, SerializedForest } from '../shared/forest-types.js';
import { createRng } from '../shared/rng.js';
import { predictForest } from '../engines/forest/predict-forest.js';
import { trainCartDenseForest } from '../engines/forest/train-cart-dense-forest.js';
import { trainDenseForest } from '../engines/forest/train-dense-forest.js';

interface DenseData {
  readonly X: DenseMatrix;
  readonly y: Float64Array;
}

/** `rows` rows of `cols` columns; every fourth column is a small integer count (ties, as in fragment counts). */
function descriptorLike(rows: number, cols: number, seed: number): DenseData {
  const rng = createRng(seed, 'bench-dense');
  const data = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = c % 4 === 3 ? rng.int(6) : rng.next();
    const x = data.subarray(r * cols, (r + 1) * cols);
    y[r] = 10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[4]! + 2 * x[3]! - x[7]!;
    y[r]! += rng.normal();
  }
  const names = Array.from({ length: cols }, (_, j) => `d${j}`);
  return { X: { kind: 'dense', rows, cols, data, names }, y };
}

function time<T>(label: string, reps: number, fn: () => T): T {
  let result: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  console.log(`${label}: best ${Math.min(...ms).toFixed(0)} ms of ${reps} (first ${ms[0]!.toFixed(0)} ms)`);
  return result as T;
}

function heldOutR2(forest: SerializedForest, d: DenseData, test: Int32Array): number {
  const p = predictForest(forest, d.X, test).mean;
  let mean = 0;
  for (const r of test) mean += d.y[r]!;
  mean /= test.length;
  let ssRes = 0;
  let ssTot = 0;
  test.forEach((r, i) => {
    ssRes += (d.y[r]! - p[i]!) ** 2;
    ssTot += (d.y[r]! - mean) ** 2;
  });
  return 1 - ssRes / ssTot;
}

/** Rows [0, train) train, the next `test` rows are held out. */
function split(train: number, test: number): { train: Int32Array; test: Int32Array } {
  return {
    train: Int32Array.from({ length: train }, (_, i) => i),
    test: Int32Array.from({ length: test }, (_, i) => train + i),
  };
}

export function runDenseForestMicro(options: { readonly skipMl: boolean }): void {
  const params: ForestParams = {
    task: 'regression',
    trees: 100,
    maxDepth: 8,
    maxFeatures: 1.0,
    minSamplesLeaf: 1,
    bootstrap: true,
    seed: 7,
  };
  const esol = descriptorLike(1125, 43, 1);
  const s = split(900, 225);
  const y = Float64Array.from(s.train, (r) => esol.y[r]!);
  const report = (label: string, reps: number, p: ForestParams, d = esol, sp = s, yTrain = y) => {
    const forest = time(label, reps, () => trainCartDenseForest(d.X, sp.train, yTrain, p));
    const nodes = forest.trees.reduce((n, t) => n + t.feature.length, 0);
    console.log(`  ${nodes} nodes, held-out R² ${heldOutR2(forest, d, sp.test).toFixed(3)}`);
  };
  report('trainCartDenseForest 900 x 43, 100 trees, depth 8, maxFeatures 1.0', 5, params);
  report("trainCartDenseForest same, maxFeatures 'sqrt'", 3, { ...params, maxFeatures: 'sqrt' });
  report('trainCartDenseForest same, depth unlimited', 3, { ...params, maxDepth: null });

  const big = descriptorLike(6000, 200, 2);
  const bs = split(5000, 1000);
  const by = Float64Array.from(bs.train, (r) => big.y[r]!);
  report('trainCartDenseForest 5000 x 200, 100 trees, depth 8, maxFeatures 1.0', 2, params, big, bs, by);

  if (!options.skipMl) {
    const few: ForestParams = { ...params, trees: 10 };
    const forest = time('ml-random-forest (trainDenseForest) 900 x 43, 10 trees, depth 8', 1, () =>
      trainDenseForest(esol.X, s.train, y, few),
    );
    console.log(`  held-out R² ${heldOutR2(forest, esol, s.test).toFixed(3)} (10 trees)`);
    report('trainCartDenseForest 900 x 43, 10 trees, depth 8 (same data)', 3, few);
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  runDenseForestMicro({ skipMl: process.argv.includes('--skip-ml') });
}
