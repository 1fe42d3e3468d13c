/**
 * Micro-benchmark of the forest engines: `npx tsx src/bench/forest-micro.ts [--skip-ml]`.
 *
 * - trainBitForest: 100 trees, depth 8, maxFeatures 1.0, bootstrap, on 3,000 × 2048 random sparse rows
 *   (~60 on-bits each; y = sum of weights of 10 bits + noise), single thread;
 * - predictForest: that forest on 50,000 rows;
 * - for contrast, ml-random-forest (via trainDenseForest) on a 500 × 2048 dense 0/1 slice, 5 trees, depth 8
 *   (minutes: ml-cart is very slow on that shape; `--skip-ml` leaves it out).
 * Each timing is the best of a few repetitions (the first includes JIT warm-up and is printed too).
 */
import type { BitMatrix, DenseMatrix } from '../shared/features.js';
import type { ForestParams } from '../shared/forest-types.js';
import { createRng } from '../shared/rng.js';
import { predictForest } from '../engines/forest/predict-forest.js';
import { trainBitForest } from '../engines/forest/train-bit-forest.js';
import { trainDenseForest } from '../engines/forest/train-dense-forest.js';

const BITS = 2048;
const BPR = BITS / 8;

function randomBits(rows: number, onBits: number, seed: number): BitMatrix {
  const rng = createRng(seed, 'bench-bits');
  const data = new Uint8Array(rows * BPR);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < onBits; k++) {
      const b = rng.int(BITS);
      data[r * BPR + (b >> 3)]! |= 1 << (b & 7);
    }
  }
  return { kind: 'bits', rows, bits: BITS, bytesPerRow: BPR, data };
}

function labels(X: BitMatrix, seed: number): Float64Array {
  const rng = createRng(seed, 'bench-labels');
  const informative = Array.from({ length: 10 }, (_, i) => ({ bit: (i * 197 + 5) % BITS, w: 1 + i / 3 }));
  const y = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let v = 0;
    for (const { bit, w } of informative) v += w * ((X.data[r * BPR + (bit >> 3)]! >> (bit & 7)) & 1);
    y[r] = v + 0.3 * rng.normal();
  }
  return y;
}

function time<T>(label: string, reps: number, fn: () => T): T {
  let result: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  const best = Math.min(...ms);
  console.log(`${label}: best ${best.toFixed(0)} ms of ${reps} (first ${ms[0]!.toFixed(0)} ms)`);
  return result as T;
}

const params: ForestParams = {
  task: 'regression',
  trees: 100,
  maxDepth: 8,
  maxFeatures: 1.0,
  minSamplesLeaf: 1,
  bootstrap: true,
  seed: 7,
};

const train = randomBits(3000, 60, 1);
const y = labels(train, 1);
const rows = Int32Array.from({ length: train.rows }, (_, i) => i);
const forest = time('trainBitForest 3000 x 2048, 100 trees, depth 8, maxFeatures 1.0', 5, () =>
  trainBitForest(train, rows, y, params),
);
const nodes = forest.trees.reduce((s, t) => s + t.feature.length, 0);
console.log(`  ${forest.trees.length} trees, ${nodes} nodes`);
time("trainBitForest same, maxFeatures 'sqrt'", 3, () =>
  trainBitForest(train, rows, y, { ...params, maxFeatures: 'sqrt' }),
);
time('trainBitForest same, depth unlimited', 3, () => trainBitForest(train, rows, y, { ...params, maxDepth: null }));

const pool = randomBits(50_000, 60, 2);
const poolRows = Int32Array.from({ length: pool.rows }, (_, i) => i);
time('predictForest 50,000 rows x 100 trees (depth 8)', 5, () => predictForest(forest, pool, poolRows));

if (!process.argv.includes('--skip-ml')) {
  const n = 500;
  const dense: DenseMatrix = {
    kind: 'dense',
    rows: n,
    cols: BITS,
    data: new Float64Array(n * BITS),
    names: Array.from({ length: BITS }, (_, j) => `bit${j}`),
  };
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < BITS; j++) dense.data[r * BITS + j] = (train.data[r * BPR + (j >> 3)]! >> (j & 7)) & 1;
  }
  const denseRows = rows.subarray(0, n);
  const ySlice = y.subarray(0, n);
  time('ml-random-forest (trainDenseForest) 500 x 2048, 5 trees, depth 8', 1, () =>
    trainDenseForest(dense, denseRows, ySlice, { ...params, trees: 5 }),
  );
  time('trainBitForest 500 x 2048, 5 trees, depth 8 (same slice)', 3, () =>
    trainBitForest(train, denseRows, ySlice, { ...params, trees: 5 }),
  );
}
