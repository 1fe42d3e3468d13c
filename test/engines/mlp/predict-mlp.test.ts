import { describe, expect, it } from 'vitest';
import {
  combineMemberPredictions,
  memberSeed,
  mergeMlps,
  mlpParams,
  predictMlp,
  predictMlpSamples,
  trainMlp,
  type MlpParams,
  type SerializedMlp,
} from '../../../src/engines/mlp/index.js';
import { denseMatrix } from '../forest/helpers.js';
import { meanAndSd, pick, sparseLinear } from './helpers.js';
import { expectAlcoveError } from '../../helpers/alcove-error.js';

const d = sparseLinear(260, 64, 60);
const yTrain = pick(d.y, d.train);
const base: MlpParams = mlpParams({ hidden: [16, 16], seed: 21 });

describe('ensembles', () => {
  const ensemble = trainMlp(d.X, d.train, yTrain, { ...base, ensemble: 3 });
  const parts = [0, 1, 2].map((m) => trainMlp(d.X, d.train, yTrain, { ...base, ensemble: 1 }, m));

  it('has mean and population SD of separately trained members', () => {
    expect(ensemble.members.map((m) => m.seed)).toEqual([0, 1, 2].map((m) => memberSeed(21, m)));
    const separate = parts.map((p) => predictMlp(p, d.X, d.test).mean);
    const expected = meanAndSd(separate);
    const got = predictMlp(ensemble, d.X, d.test);
    expect(Array.from(got.mean)).toEqual(expected.mean);
    got.std.forEach((s, r) => expect(s).toBeCloseTo(expected.sd[r]!, 12));
    expect(got.std.every((s) => s > 0)).toBe(true);
  });

  it('merges members trained apart into the serial ensemble, bit for bit', () => {
    expect(mergeMlps(parts)).toEqual(ensemble);
    const samples = parts.flatMap((p) => predictMlpSamples(p, d.X, d.test));
    expect(combineMemberPredictions(samples)).toEqual(predictMlp(ensemble, d.X, d.test));
  });

  it('refuses to merge models of other data or shapes', () => {
    const other = trainMlp(
      d.X,
      d.train,
      yTrain.map((v) => v + 1),
      base,
    );
    expectAlcoveError(() => mergeMlps([parts[0]!, other]), 'BAD_INPUT');
    expectAlcoveError(
      () => mergeMlps([parts[0]!, trainMlp(d.X, d.train, yTrain, { ...base, hidden: [8] })]),
      'BAD_INPUT',
    );
    expectAlcoveError(() => mergeMlps([]), 'BAD_INPUT');
  });

  it('gives a single network without dropout std 0', () => {
    const p = predictMlp(parts[0]!, d.X, d.test);
    expect(predictMlpSamples(parts[0]!, d.X, d.test)).toHaveLength(1);
    expect(p.std.every((s) => s === 0)).toBe(true);
  });
});

describe('Monte-Carlo dropout', () => {
  const params = { ...base, dropout: 0.2 };
  const model = trainMlp(d.X, d.train, yTrain, params);

  it('trains with dropout (other weights than without, from the same initial weights)', () => {
    const plain = trainMlp(d.X, d.train, yTrain, base);
    expect(model.members[0]!.weights[0]).not.toEqual(plain.members[0]!.weights[0]);
    const untrained = (p: MlpParams) => trainMlp(d.X, d.train, yTrain, { ...p, epochs: 0 }).members[0]!.weights;
    expect(untrained(params)).toEqual(untrained(base));
  });

  it('gives std > 0 from 10 passes, the same on every call and for every seed-equal model', () => {
    const samples = predictMlpSamples(model, d.X, d.test);
    expect(samples).toHaveLength(10);
    const p = predictMlp(model, d.X, d.test);
    expect(p.std.every((s) => s > 0)).toBe(true);
    expect(predictMlp(model, d.X, d.test)).toEqual(p);
    expect(predictMlp(trainMlp(d.X, d.train, yTrain, params), d.X, d.test)).toEqual(p);
    expect(predictMlp(trainMlp(d.X, d.train, yTrain, { ...params, seed: 22 }), d.X, d.test).mean).not.toEqual(p.mean);
  });

  it("draws a row's masks from the row, not from its batch", () => {
    const all = predictMlp(model, d.X, d.test);
    const some = Int32Array.from([d.test[9]!, d.test[2]!, d.test[40]!]);
    const p = predictMlp(model, d.X, some);
    expect(Array.from(p.mean)).toEqual([all.mean[9], all.mean[2], all.mean[40]]);
    expect(Array.from(p.std)).toEqual([all.std[9], all.std[2], all.std[40]]);
  });

  it('takes the number of passes as an option (ignored without dropout)', () => {
    expect(predictMlpSamples(model, d.X, d.test, { mcPasses: 3 })).toHaveLength(3);
    expect(predictMlpSamples(trainMlp(d.X, d.train, yTrain, base), d.X, d.test, { mcPasses: 3 })).toHaveLength(1);
    expectAlcoveError(() => predictMlp(model, d.X, d.test, { mcPasses: 0 }), 'BAD_INPUT');
  });
});

describe('predictMlp', () => {
  const model = trainMlp(d.X, d.train, yTrain, base);

  it('predicts more rows than one block as the blocks would separately', () => {
    const many = Int32Array.from({ length: 2500 }, (_, i) => (i * 7) % d.X.rows);
    const whole = predictMlp(model, d.X, many).mean;
    const first = predictMlp(model, d.X, many.subarray(0, 1100)).mean;
    const rest = predictMlp(model, d.X, many.subarray(1100)).mean;
    expect(Array.from(whole)).toEqual([...first, ...rest]);
  });

  it('returns empty arrays for no rows', () => {
    expect(predictMlp(model, d.X, [])).toEqual({ mean: new Float64Array(0), std: new Float64Array(0) });
  });

  it('rejects mismatched matrices, rows outside them and malformed models', () => {
    expectAlcoveError(() => predictMlp(model, denseMatrix([[1, 2]]), [0]), 'BAD_INPUT');
    expectAlcoveError(() => predictMlp(model, { ...d.X, bits: 32, bytesPerRow: 4 }, [0]), 'BAD_INPUT');
    expectAlcoveError(() => predictMlp(model, d.X, [d.X.rows]), 'BAD_INPUT');
    const member = model.members[0]!;
    const broken: SerializedMlp = { ...model, members: [{ ...member, weights: [member.weights[0]!] }] };
    expectAlcoveError(() => predictMlp(broken, d.X, [0]), 'BAD_INPUT');
    expectAlcoveError(() => predictMlp({ ...model, ySd: 0 }, d.X, [0]), 'BAD_INPUT');
    expectAlcoveError(() => predictMlp({ ...model, inputMean: new Float64Array(64) }, d.X, [0]), 'BAD_INPUT');
  });
});
