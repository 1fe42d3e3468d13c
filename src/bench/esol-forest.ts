/**
 * The `esol-forest` workload: Alcove's dense CART forest against scikit-learn's RandomForestRegressor on the
 * same features and split. ESOL's SMILES are featurized once with RDKit.js descriptors (configs/esol.yaml's
 * featurizer); rows whose descriptors are not all finite are dropped; a seeded 80/20 split
 * (`createRng(0, 'bench-esol-forest')`); both systems get that matrix through one CSV file and train 100 trees
 * of depth 8, max_features 1.0, bootstrap (configs/esol.yaml's model), on one thread (`n_jobs=1`). Train
 * time is the best of REPEATS fits (the first includes JIT warm-up and is kept too); R² is on the held-out 20%.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRdkit } from '../engines/rdkit.js';
import { featurizeSmiles } from '../engines/featurize.js';
import { predictForest } from '../engines/forest/predict-forest.js';
import { trainCartDenseForest } from '../engines/forest/train-cart-dense-forest.js';
import { parseCsv } from '../shared/csv.js';
import type { DenseMatrix } from '../shared/features.js';
import type { ForestParams } from '../shared/forest-types.js';
import { createRng } from '../shared/rng.js';
import { lastJsonObject, runChild, tail } from './child-process.js';
import { ESOL_LABEL } from './workloads.js';

const REPEATS = 3;

/** One system's figures: best and first fit time, held-out R². */
export interface ForestFit {
  readonly train_s: number;
  readonly first_train_s: number;
  readonly r2: number;
}

export interface EsolForestResult {
  readonly rows: number;
  readonly features: number;
  readonly train_rows: number;
  readonly alcove: ForestFit;
  readonly reference: ForestFit | null;
  readonly reference_problem?: string;
}

const SKLEARN = [
  'import json, sys, time',
  'import numpy as np',
  'from sklearn.ensemble import RandomForestRegressor',
  'from sklearn.metrics import r2_score',
  "d = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1)",
  'X, y, train = d[:, :-2], d[:, -2], d[:, -1] == 1',
  'times = []',
  `for i in range(${REPEATS}):`,
  '    m = RandomForestRegressor(n_estimators=100, max_depth=8, max_features=1.0, min_samples_leaf=1, bootstrap=True, n_jobs=1, random_state=i)',
  '    t = time.perf_counter(); m.fit(X[train], y[train]); times.append(time.perf_counter() - t)',
  "print(json.dumps({'train_s': min(times), 'first_train_s': times[0], 'r2': r2_score(y[~train], m.predict(X[~train]))}))",
].join('\n');

function r2(truth: Float64Array, pred: Float64Array): number {
  let mean = 0;
  for (const v of truth) mean += v;
  mean /= truth.length;
  let res = 0;
  let tot = 0;
  truth.forEach((v, i) => {
    res += (v - pred[i]!) ** 2;
    tot += (v - mean) ** 2;
  });
  return 1 - res / tot;
}

/** ESOL's descriptor matrix (finite rows only) and labels. */
async function esolMatrix(csvPath: string): Promise<{ X: DenseMatrix; y: Float64Array }> {
  const table = parseCsv(readFileSync(csvPath, 'utf8'));
  const si = table.header.indexOf('smiles');
  const yi = table.header.indexOf(ESOL_LABEL);
  if (si < 0 || yi < 0) throw new Error(`${csvPath}: needs the columns smiles and '${ESOL_LABEL}'`);
  const smiles = table.rows.map((r) => (r[si] ?? '').trim());
  const rdkit = await loadRdkit();
  const { matrix, valid } = featurizeSmiles(rdkit, smiles, { kind: 'descriptors' });
  if (matrix.kind !== 'dense') throw new Error('descriptors gave a bit matrix');
  const keep: number[] = [];
  for (let i = 0; i < matrix.rows; i++) {
    const row = matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols);
    if (valid[i] === 1 && row.every(Number.isFinite) && Number.isFinite(Number(table.rows[i]![yi]))) keep.push(i);
  }
  const data = new Float64Array(keep.length * matrix.cols);
  keep.forEach((r, i) => data.set(matrix.data.subarray(r * matrix.cols, (r + 1) * matrix.cols), i * matrix.cols));
  const y = Float64Array.from(keep, (r) => Number(table.rows[r]![yi]));
  return { X: { kind: 'dense', rows: keep.length, cols: matrix.cols, data, names: matrix.names }, y };
}

function alcoveFit(X: DenseMatrix, y: Float64Array, train: Int32Array, test: Int32Array): ForestFit {
  const params: ForestParams = {
    task: 'regression',
    trees: 100,
    maxDepth: 8,
    maxFeatures: 1.0,
    minSamplesLeaf: 1,
    bootstrap: true,
    seed: 0,
  };
  const yTrain = Float64Array.from(train, (r) => y[r]!);
  const times: number[] = [];
  const fit = (seed: number) => {
    const t0 = performance.now();
    const forest = trainCartDenseForest(X, train, yTrain, { ...params, seed });
    times.push((performance.now() - t0) / 1000);
    return forest;
  };
  let forest = fit(0);
  for (let i = 1; i < REPEATS; i++) forest = fit(i);
  const pred = predictForest(forest, X, test).mean;
  return {
    train_s: Math.min(...times),
    first_train_s: times[0]!,
    r2: r2(
      Float64Array.from(test, (r) => y[r]!),
      pred,
    ),
  };
}

export async function runEsolForest(csvPath: string, python: string | null, tmp: string): Promise<EsolForestResult> {
  const { X, y } = await esolMatrix(csvPath);
  const order = Int32Array.from({ length: X.rows }, (_, i) => i);
  const rng = createRng(0, 'bench-esol-forest');
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cut = Math.floor(X.rows * 0.8);
  const train = order.slice(0, cut).sort();
  const test = order.slice(cut).sort();
  const alcove = alcoveFit(X, y, train, test);
  const base = { rows: X.rows, features: X.cols, train_rows: train.length, alcove };
  if (python === null) return { ...base, reference: null, reference_problem: 'the reference cannot run here' };
  const isTrain = new Uint8Array(X.rows);
  for (const r of train) isTrain[r] = 1;
  const lines = [[...X.names, 'y', 'train'].join(',')];
  for (let i = 0; i < X.rows; i++) {
    const row = Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols), (v) => String(v));
    lines.push([...row, String(y[i]), String(isTrain[i])].join(','));
  }
  const file = join(tmp, 'esol-descriptors.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = await runChild(python, ['-c', SKLEARN, file]);
  const out = lastJsonObject(result.stdout) as Partial<ForestFit> | null;
  if (result.code !== 0 || out === null || typeof out.train_s !== 'number' || typeof out.r2 !== 'number') {
    return { ...base, reference: null, reference_problem: `scikit-learn failed: ${tail(result.stderr, 3)}` };
  }
  return { ...base, reference: { train_s: out.train_s, first_train_s: out.first_train_s ?? out.train_s, r2: out.r2 } };
}
