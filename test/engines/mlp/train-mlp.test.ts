import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/shared/rng.js';
import { mlpParams, predictMlp, predictMlpSamples, trainMlp } from '../../../src/engines/mlp/index.js';
import { memberSeed } from '../../../src/engines/mlp/member-seed.js';
import { splitRows } from '../../../src/engines/mlp/train-member.js';
import { targetScaling } from '../../../src/engines/mlp/train-mlp.js';
import type { MlpParams } from '../../../src/shared/mlp-types.js';
import { bitMatrix, denseMatrix, randomOnBits, rSquared } from '../forest/helpers.js';
import { pick, range, sparseLinear } from './helpers.js';
import { expectAlcoveError } from '../../helpers/alcove-error.js';

const small: Partial<MlpParams> = { hidden: [16, 16] };

describe('trainMlp', () => {
  it('learns a sparse linear target with the MolPAL defaults (R² > 0.9 on held-out rows)', () => {
    const d = sparseLinear(900, 256, 200);
    const model = trainMlp(d.X, d.train, pick(d.y, d.train), mlpParams());
    expect(model.sizes).toEqual([256, 100, 100, 1]);
    expect(model.members).toHaveLength(1);
    expect(rSquared(pick(d.y, d.test), predictMlp(model, d.X, d.test).mean)).toBeGreaterThan(0.9);
  });

  it('restores the weights of the best validation check when it stops early', () => {
    // Pure-noise labels on few rows: the network overfits and the validation loss rises.
    const on = randomOnBits(60, 64, 0.2, 5);
    const X = bitMatrix(on, 64);
    const rng = createRng(2, 'noise');
    const y = Float64Array.from(on, () => rng.normal());
    const params = mlpParams({ ...small, epochs: 300, checkEvery: 1, patience: 4, seed: 3 });
    const full = trainMlp(X, range(0, 60), y, params).members[0]!;
    expect(full.epochsRun).toBeLessThan(300);
    expect(full.bestEpoch).not.toBeNull();
    expect(full.epochsRun).toBe(full.bestEpoch! + 4);
    // The same seed trained for exactly bestEpoch epochs ends on those weights (training is deterministic).
    const short = trainMlp(X, range(0, 60), y, { ...params, epochs: full.bestEpoch! }).members[0]!;
    expect(short.epochsRun).toBe(full.bestEpoch);
    expect(full.weights).toEqual(short.weights);
    expect(full.biases).toEqual(short.biases);
    // And those weights have the recorded validation loss (standardised MSE + l2·ΣW² over hidden matrices).
    const model = trainMlp(X, range(0, 60), y, params);
    const { validation } = splitRows(60, 0.2, createRng(memberSeed(3, 0), 'mlp-split'));
    const p = predictMlp(model, X, validation).mean;
    const mse = validation.reduce((s, r, i) => s + ((p[i]! - y[r]!) / model.ySd) ** 2, 0) / validation.length;
    const penalty = 0.01 * [...full.weights[0]!, ...full.weights[1]!].reduce((s, w) => s + w * w, 0);
    expect(full.bestValidationLoss).toBeCloseTo(mse + penalty, 5);
  });

  it('runs every epoch without validation rows and records no best epoch', () => {
    const d = sparseLinear(80, 32, 10);
    const m = trainMlp(d.X, d.train, pick(d.y, d.train), mlpParams({ ...small, validationFraction: 0, epochs: 7 }));
    expect(m.members[0]!.epochsRun).toBe(7);
    expect(m.members[0]!.bestEpoch).toBeNull();
    expect(m.members[0]!.bestValidationLoss).toBeNull();
  });

  it('standardises the targets and converts predictions back (positive affine labels → the same affine predictions)', () => {
    const d = sparseLinear(200, 64, 50);
    const y = pick(d.y, d.train);
    expect(targetScaling(Float64Array.of(1, 3))).toEqual({ mean: 2, sd: 1 }); // population SD
    const a = trainMlp(d.X, d.train, y, mlpParams(small));
    const b = trainMlp(
      d.X,
      d.train,
      y.map((v) => 300 * v + 42),
      mlpParams(small),
    );
    const scaling = targetScaling(y);
    expect(a.yMean).toBe(scaling.mean);
    expect(a.ySd).toBe(scaling.sd);
    expect(b.yMean).toBeCloseTo(300 * a.yMean + 42, 8);
    expect(b.ySd).toBeCloseTo(300 * a.ySd, 8);
    const pa = predictMlp(a, d.X, d.test).mean;
    const pb = predictMlp(b, d.X, d.test).mean;
    pa.forEach((v, i) => expect(pb[i]!).toBeCloseTo(300 * v + 42, 3));
  });

  it('learns constant labels as that constant', () => {
    const d = sparseLinear(60, 32, 10);
    const m = trainMlp(d.X, d.train, new Float64Array(d.train.length).fill(-7.5), mlpParams(small));
    expect(m.ySd).toBe(1);
    for (const v of predictMlp(m, d.X, d.test).mean) expect(v).toBeCloseTo(-7.5, 1);
  });

  it('is bit-identical for a seed and differs for another', () => {
    const d = sparseLinear(300, 64, 50);
    const y = pick(d.y, d.train);
    const params = mlpParams({ ...small, batchSize: 64, seed: 11 }); // several shuffled batches per epoch
    const a = trainMlp(d.X, d.train, y, params);
    const b = trainMlp(d.X, d.train, y, params);
    expect(a.members[0]!.weights).toEqual(b.members[0]!.weights);
    expect(predictMlp(a, d.X, d.test)).toEqual(predictMlp(b, d.X, d.test));
    const c = trainMlp(d.X, d.train, y, { ...params, seed: 12 });
    expect(predictMlp(c, d.X, d.test).mean).not.toEqual(predictMlp(a, d.X, d.test).mean);
  });

  it('classifies a separable toy set with probabilities in (0, 1)', () => {
    const on = randomOnBits(400, 64, 0.1, 7).map((r, i) => [...r.filter((b) => b !== 3), ...(i % 2 ? [3] : [])]);
    const X = bitMatrix(on, 64);
    const y = Float64Array.from(on, (row) => (row.includes(3) ? 1 : 0));
    const train = range(0, 300);
    const test = range(300, 400);
    const m = trainMlp(X, train, pick(y, train), mlpParams({ ...small, task: 'classification' }));
    expect(m.yMean).toBe(0);
    expect(m.ySd).toBe(1);
    const p = predictMlp(m, X, test).mean;
    p.forEach((prob, i) => {
      expect(prob).toBeGreaterThan(0);
      expect(prob).toBeLessThan(1);
      expect(prob > 0.5 ? 1 : 0).toBe(y[test[i]!]);
    });
  });

  it('learns from dense descriptors of very different scales', () => {
    const rng = createRng(4, 'descriptors');
    const rows = Array.from({ length: 400 }, () => [100 * rng.normal() + 400, rng.normal(), 0.01 * rng.normal(), 5]);
    const X = denseMatrix(rows);
    const y = Float64Array.from(rows, (r) => 0.01 * r[0]! + 2 * r[1]! - 100 * r[2]!);
    const m = trainMlp(X, range(0, 300), y.subarray(0, 300), mlpParams(small));
    expect(m.kind).toBe('dense');
    expect(m.inputScale![3]).toBe(0); // the constant column drops out
    expect(m.inputMean![0]).toBeCloseTo(400, -1);
    expect(rSquared(y.subarray(300), predictMlp(m, X, range(300, 400)).mean)).toBeGreaterThan(0.95);
  });

  it('trains on the rows it is given, in their order, from any matrix rows', () => {
    const d = sparseLinear(120, 32, 0);
    const rows = Int32Array.from([5, 90, 17, 17, 64, 3, 110, 42, 8, 77]);
    const m = trainMlp(d.X, rows, pick(d.y, rows), mlpParams({ ...small, validationFraction: 0, epochs: 3 }));
    const again = trainMlp(
      d.X,
      Array.from(rows),
      pick(d.y, rows),
      mlpParams({ ...small, validationFraction: 0, epochs: 3 }),
    );
    expect(predictMlpSamples(m, d.X, rows)).toEqual(predictMlpSamples(again, d.X, rows));
  });

  it('rejects bad parameters and data with stable codes', () => {
    const d = sparseLinear(20, 16, 0);
    const y = pick(d.y, d.train);
    const bad: Partial<MlpParams>[] = [
      { hidden: [] },
      { hidden: [0] },
      { epochs: -1 },
      { batchSize: 0 },
      { lr: 0 },
      { l2: -1 },
      { patience: 0 },
      { validationFraction: 1 },
      { checkEvery: 0 },
      { dropout: 1 },
      { ensemble: 0 },
    ];
    for (const b of bad) expectAlcoveError(() => trainMlp(d.X, d.train, y, mlpParams(b)), 'BAD_CONFIG');
    expectAlcoveError(() => trainMlp(d.X, d.train, y, mlpParams(), -1), 'BAD_CONFIG');
    expectAlcoveError(() => trainMlp(d.X, [0, 20], Float64Array.of(1, 2), mlpParams()), 'BAD_DATA');
    expectAlcoveError(() => trainMlp(d.X, [0, 1.5], Float64Array.of(1, 2), mlpParams()), 'BAD_DATA');
    expectAlcoveError(() => trainMlp(d.X, [0, 1], Float64Array.of(1), mlpParams()), 'BAD_DATA');
    expectAlcoveError(() => trainMlp(d.X, [0, 1], Float64Array.of(1, NaN), mlpParams()), 'BAD_DATA');
    expectAlcoveError(() => trainMlp(d.X, [], new Float64Array(0), mlpParams()), 'BAD_DATA');
    expectAlcoveError(
      () => trainMlp(d.X, [0, 1], Float64Array.of(1, 2), mlpParams({ task: 'classification' })),
      'BAD_DATA',
    );
  });
});
