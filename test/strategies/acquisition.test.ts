import { describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/shared/errors.js';
import { createRng } from '../../src/shared/rng.js';
import {
  ACQUISITION_FUNCTIONS,
  ACQUISITION_STRATEGIES,
  acquire,
  acquisitionScores,
  getAcquisitionFunction,
  isAcquisitionStrategy,
} from '../../src/strategies/acquisition.js';
import type { AcquisitionInput, AcquisitionStrategy } from '../../src/strategies/acquisition.js';

// Candidates deliberately not ascending: ties must go to the lower POOL INDEX, not the earlier position.
const CANDIDATES = Int32Array.from([10, 3, 7, 5, 1, 8]);
const MEAN = Float64Array.from([2, 5, 5, 1, 3, 0]);
const STD = Float64Array.from([1, 0, 0.5, 3, 1, 2]);

function input(over: Partial<AcquisitionInput> = {}): AcquisitionInput {
  return { candidates: CANDIDATES, mean: MEAN, std: STD, best: 4, batch: 6, beta: 1, xi: 0, threshold: 3, ...over };
}

const rng = () => createRng(42, 'acquire-test');
const pick = (name: AcquisitionStrategy, over: Partial<AcquisitionInput> = {}) =>
  Array.from(acquire(name, input(over), rng()));

function expectBadInput(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(AlcoveError);
  expect((caught as AlcoveError).code).toBe('BAD_INPUT');
  expect((caught as AlcoveError).message).toMatch(pattern);
}

describe('acquire: hand-computed rankings', () => {
  it('greedy ranks by mean; the 5-5 tie goes to pool index 3 before 7', () => {
    expect(pick('greedy')).toEqual([3, 7, 1, 10, 5, 8]);
    expect(pick('greedy', { batch: 3 })).toEqual([3, 7, 1]);
  });

  it('ucb ranks by mean + beta * std', () => {
    // scores 3, 5, 5.5, 4, 4, 2 → 7, 3, then the 4-4 tie: 1 before 5
    expect(pick('ucb')).toEqual([7, 3, 1, 5, 10, 8]);
    // beta 0 is greedy
    expect(pick('ucb', { beta: 0 })).toEqual(pick('greedy'));
  });

  it('uncertainty ranks by std and needs no mean', () => {
    // std 1, 0, 0.5, 3, 1, 2 → 5, 8, then the 1-1 tie: 1 before 10
    expect(pick('uncertainty')).toEqual([5, 8, 1, 10, 7, 3]);
    expect(pick('uncertainty', { mean: undefined, batch: 2 })).toEqual([5, 8]);
  });

  it('ei ranks by expected improvement over best + xi', () => {
    // target 4: EI = 0.00849 (10), 1 (3, std 0), 1.00425 (7), 0.24995 (5), 0.08332 (1), 0.01698 (8)
    const scores = acquisitionScores('ei', input(), rng());
    const expected = [0.008490702616829, 1, 1.004245351308415, 0.249946411763059, 0.083315470587686, 0.016981405233658];
    for (let i = 0; i < expected.length; i++) expect(scores[i]).toBeCloseTo(expected[i] as number, 12);
    expect(pick('ei')).toEqual([7, 3, 5, 1, 8, 10]);
    // xi moves the target: with target 5, candidate 3 (mean 5, std 0) has no improvement left
    expect(acquisitionScores('ei', input({ xi: 1 }), rng())[1]).toBe(0);
  });

  it('pi ranks by probability of improvement; equal z ties go to the lower pool index', () => {
    // PI = Phi(-2), 1, Phi(2), Phi(-1), Phi(-1), Phi(-2)
    expect(pick('pi')).toEqual([3, 7, 1, 5, 8, 10]);
    const scores = acquisitionScores('pi', input(), rng());
    expect(scores[0]).toBeCloseTo(0.022750131948179, 14);
    expect(scores[3]).toBe(scores[4]);
  });

  it('threshold ranks by P(Y > threshold) = Phi((mean - threshold) / std)', () => {
    // threshold 3: Phi(-1), 1 (std 0, mean 5 > 3), Phi(4), Phi(-2/3), Phi(0), Phi(-1.5)
    const scores = acquisitionScores('threshold', input(), rng());
    const expected = [0.15865525393145707, 1, 0.9999683287581669, 0.2524925375469229, 0.5, 0.06680720126885809];
    for (let i = 0; i < expected.length; i++) expect(scores[i]).toBeCloseTo(expected[i] as number, 14);
    expect(pick('threshold')).toEqual([3, 7, 1, 5, 10, 8]);
    // a higher threshold: candidate 3 (std 0, mean 5) no longer exceeds it
    expect(acquisitionScores('threshold', input({ threshold: 5 }), rng())[1]).toBe(0);
    expectBadInput(() => acquire('threshold', input({ threshold: undefined }), rng()), /'threshold'.*threshold/);
  });

  it('thompson draws mean + std * N(0,1) once per candidate, in candidate order, from the given rng', () => {
    const r = rng();
    const expected = Array.from(MEAN, (m, i) => m + (STD[i] as number) * r.normal());
    expect(Array.from(acquisitionScores('thompson', input(), rng()))).toEqual(expected);
    const order = Array.from(CANDIDATES.keys()).sort(
      (a, b) =>
        (expected[b] as number) - (expected[a] as number) || (CANDIDATES[a] as number) - (CANDIDATES[b] as number),
    );
    expect(pick('thompson')).toEqual(order.map((i) => CANDIDATES[i]));
    // determinism, and a different seed gives a different draw
    expect(pick('thompson')).toEqual(pick('thompson'));
    const other = acquisitionScores('thompson', input(), createRng(43, 'acquire-test'));
    expect(Array.from(other)).not.toEqual(expected);
  });
});

describe('acquire: batches, duplicates and errors', () => {
  it.each(ACQUISITION_STRATEGIES)('%s returns min(batch, n) distinct candidates', (name) => {
    for (const batch of [0, 1, 4, 6, 50]) {
      const out = acquire(name, input({ batch }), rng());
      expect(out).toBeInstanceOf(Int32Array);
      expect(out.length).toBe(Math.min(batch, CANDIDATES.length));
      expect(new Set(out).size).toBe(out.length);
      for (const c of out) expect(Array.from(CANDIDATES)).toContain(c);
    }
  });

  it.each(ACQUISITION_STRATEGIES)('%s returns nothing from an empty pool', (name) => {
    const empty = { candidates: new Int32Array(0), mean: new Float64Array(0), std: new Float64Array(0) };
    expect(acquire(name, input(empty), rng()).length).toBe(0);
  });

  it.each(ACQUISITION_STRATEGIES)('%s agrees with a full sort of its own scores', (name) => {
    const n = 500;
    const r = createRng(1, 'consistency');
    const candidates = Int32Array.from({ length: n }, (_, i) => 3 * n - 2 * i); // descending pool indices
    const mean = Float64Array.from({ length: n }, () => r.int(20) / 4); // many ties
    const std = Float64Array.from({ length: n }, () => r.int(5) / 4);
    const inp = input({ candidates, mean, std, batch: 37, best: 3 });
    const scores = acquisitionScores(name, inp, createRng(5, name));
    const order = Array.from(candidates.keys()).sort(
      (a, b) => (scores[b] as number) - (scores[a] as number) || (candidates[a] as number) - (candidates[b] as number),
    );
    const expected = order.slice(0, 37).map((i) => candidates[i]);
    expect(Array.from(acquire(name, inp, createRng(5, name)))).toEqual(expected);
  });

  it('rejects duplicate candidates, negative indices and bad batches', () => {
    expectBadInput(() => acquire('greedy', input({ candidates: Int32Array.from([4, 2, 9, 2, 1, 0]) }), rng()), /twice/);
    expectBadInput(
      () => acquire('random', input({ candidates: Int32Array.from([0, -1, 2, 3, 4, 5]) }), rng()),
      /not a pool index/,
    );
    expectBadInput(() => acquire('greedy', input({ batch: 1.5 }), rng()), /batch/);
    expectBadInput(() => acquire('greedy', input({ batch: -1 }), rng()), /batch/);
  });

  it('names the strategy when the model output it needs is missing', () => {
    for (const name of ['greedy', 'ucb', 'thompson', 'ei', 'pi', 'threshold'] as const) {
      expectBadInput(() => acquire(name, input({ mean: undefined }), rng()), new RegExp(`'${name}'.*mean`));
    }
    for (const name of ['ucb', 'uncertainty', 'thompson', 'ei', 'pi', 'threshold'] as const) {
      expectBadInput(() => acquire(name, input({ std: undefined }), rng()), new RegExp(`'${name}'.*std`));
    }
    expect(pick('random', { mean: undefined, std: undefined }).length).toBe(6);
  });

  it('rejects misaligned or invalid model outputs and non-finite parameters', () => {
    expectBadInput(() => acquire('greedy', input({ mean: Float64Array.from([1, 2]) }), rng()), /2 mean values for 6/);
    expectBadInput(
      () => acquire('greedy', input({ mean: Float64Array.from([1, 2, NaN, 4, 5, 6]) }), rng()),
      /mean\[2\]/,
    );
    expectBadInput(() => acquire('ucb', input({ std: Float64Array.from([1, 2, -1, 4, 5, 6]) }), rng()), /std\[2\]/);
    expectBadInput(() => acquire('ei', input({ best: Number.NEGATIVE_INFINITY }), rng()), /'ei'.*best/);
    expectBadInput(() => acquire('pi', input({ xi: NaN }), rng()), /'pi'.*xi/);
    expectBadInput(() => acquire('ucb', input({ beta: NaN }), rng()), /'ucb'.*beta/);
    expectBadInput(
      () => acquire('bogus' as AcquisitionStrategy, input(), rng()),
      /unknown acquisition strategy 'bogus'/,
    );
  });
});

describe('random acquisition', () => {
  const big = (batch: number) =>
    input({ candidates: Int32Array.from({ length: 100 }, (_, i) => 2 * i), mean: undefined, std: undefined, batch });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = acquire('random', big(10), createRng(1, 'acquire', 0));
    const b = acquire('random', big(10), createRng(1, 'acquire', 0));
    const c = acquire('random', big(10), createRng(2, 'acquire', 0));
    const d = acquire('random', big(10), createRng(1, 'acquire', 1));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(Array.from(d)).not.toEqual(Array.from(a));
  });

  it('picks every candidate equally often', () => {
    const counts = new Map<number, number>();
    const trials = 6000;
    for (let s = 0; s < trials; s++) {
      for (const c of acquire('random', input({ mean: undefined, std: undefined, batch: 2 }), createRng(s, 'u'))) {
        counts.set(c, (counts.get(c) ?? 0) + 1);
      }
    }
    // each of 6 candidates is in a 2-of-6 sample with probability 1/3: 2000 ± 37 (1 sd)
    for (const c of CANDIDATES) expect(Math.abs((counts.get(c) ?? 0) - 2000)).toBeLessThan(200);
  });
});

describe('registry', () => {
  it('exposes every strategy as an AcquisitionFn and by name', () => {
    for (const name of ACQUISITION_STRATEGIES) {
      expect(isAcquisitionStrategy(name)).toBe(true);
      expect(Array.from(ACQUISITION_FUNCTIONS[name](input({ batch: 3 }), rng()))).toEqual(pick(name, { batch: 3 }));
      expect(getAcquisitionFunction(name)).toBe(ACQUISITION_FUNCTIONS[name]);
    }
    expect(isAcquisitionStrategy('qei')).toBe(false);
    expect(isAcquisitionStrategy(3)).toBe(false);
    expect(() => getAcquisitionFunction('qei')).toThrow(/unknown acquisition strategy 'qei'/);
  });
});
