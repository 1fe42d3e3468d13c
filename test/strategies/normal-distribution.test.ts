import { describe, expect, it } from 'vitest';
import {
  erf,
  erfc,
  erfcxNonNegative,
  expectedImprovementFactor,
  normalCdf,
  normalPdf,
} from '../../src/strategies/normal-distribution.js';

/** |actual - expected| <= rel * |expected| (exact for expected = 0). */
function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

// Reference values: CPython's math.erf / math.erfc (correctly rounded libm), printed with repr().
const ERF_TABLE: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 1],
  [1e-10, 1.1283791670955126e-10, 0.999999999887162],
  [0.1, 0.1124629160182849, 0.8875370839817152],
  [0.3, 0.3286267594591274, 0.6713732405408726],
  [0.46875, 0.49261347321793797, 0.507386526782062],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2, 0.9953222650189527, 0.004677734981047265],
  [3, 0.9999779095030014, 2.2090496998585438e-5],
  [3.9, 0.9999999652077514, 3.479224859723177e-8],
  [4, 0.9999999845827421, 1.541725790028002e-8],
  [4.5, 0.9999999998033839, 1.9661604415428873e-10],
  [5, 0.9999999999984626, 1.5374597944280351e-12],
  [6, 1, 2.1519736712498916e-17],
  [10, 1, 2.088487583762545e-45],
  [26, 1, 5.663192408856143e-296],
];

describe('erf / erfc (Cody)', () => {
  it.each(ERF_TABLE)('x = %f', (x, erfX, erfcX) => {
    expectRel(erf(x), erfX, 1e-14);
    expectRel(erf(-x), -erfX, 1e-14);
    expectRel(erfc(x), erfcX, 1e-13); // relative, deep into the tail
    expectRel(erfc(-x), 2 - erfcX, 1e-15);
  });

  it('is far more accurate than 1e-7 (the bar for EI ranking)', () => {
    for (const [x, erfX, erfcX] of ERF_TABLE) {
      expect(Math.abs(erf(x) - erfX)).toBeLessThan(1e-15);
      expect(Math.abs(erfc(x) - erfcX)).toBeLessThan(1e-15);
    }
  });

  it('handles the extremes', () => {
    expect(erfc(27)).toBe(0);
    expect(erfc(-27)).toBe(2);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(Number.NaN)).toBeNaN();
  });

  it('erfcx = exp(x^2) erfc(x) without overflow', () => {
    for (const x of [0, 0.2, 0.46875, 0.5, 1, 2, 4, 5, 10]) {
      expectRel(erfcxNonNegative(x), Math.exp(x * x) * erfc(x), 1e-14);
    }
    // Asymptotically 1/(x sqrt(pi)) (1 - 1/(2x^2)).
    expectRel(erfcxNonNegative(1e6), 1 / (1e6 * Math.sqrt(Math.PI)), 1e-12);
    expect(erfcxNonNegative(Number.POSITIVE_INFINITY)).toBe(0);
    expect(() => erfcxNonNegative(-1)).toThrow(RangeError);
  });
});

describe('standard normal', () => {
  // [z, Phi(z), phi(z)] from CPython: 0.5 * erfc(-z / sqrt(2)), exp(-z^2/2) / sqrt(2 pi).
  const TABLE: ReadonlyArray<readonly [number, number, number]> = [
    [-30, 4.906713927148764e-198, 1.4736461348785476e-196],
    [-10, 7.619853024160593e-24, 7.69459862670642e-23],
    [-5, 2.866515718791946e-7, 1.4867195147342979e-6],
    [-3, 0.0013498980316300957, 0.0044318484119380075],
    [-1.96, 0.024997895148220435, 0.058440944333451476],
    [-1, 0.15865525393145707, 0.24197072451914337],
    [0, 0.5, 0.3989422804014327],
    [0.5, 0.6914624612740131, 0.3520653267642995],
    [1, 0.8413447460685429, 0.24197072451914337],
    [1.96, 0.9750021048517795, 0.058440944333451476],
    [3, 0.9986501019683699, 0.0044318484119380075],
  ];
  it.each(TABLE)('z = %f', (z, cdf, pdf) => {
    expectRel(normalCdf(z), cdf, 1e-12);
    expectRel(normalPdf(z), pdf, 1e-14);
    expect(Math.abs(normalCdf(z) - cdf)).toBeLessThan(1e-15);
  });

  it('is symmetric', () => {
    for (const z of [0.1, 0.7, 1.3, 2.5, 4.2]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
  });
});

describe('expectedImprovementFactor: z Phi(z) + phi(z)', () => {
  it('matches the direct formula where it does not cancel', () => {
    for (const z of [0, 0.3, 1, 2.5]) {
      expectRel(expectedImprovementFactor(z), z * normalCdf(z) + normalPdf(z), 1e-15);
    }
    expectRel(expectedImprovementFactor(1), 1.0833154705876864, 1e-15);
  });

  it('keeps relative accuracy deep in the left tail (values from 60-digit Decimal arithmetic)', () => {
    expectRel(expectedImprovementFactor(-5), 5.34616553383281517e-8, 1e-12);
    expectRel(expectedImprovementFactor(-10), 7.4745602545893284e-25, 1e-12);
    expectRel(expectedImprovementFactor(-20), 1.37001249472957984e-90, 1e-11);
    expectRel(expectedImprovementFactor(-30), 1.63195673409140108e-199, 1e-11);
  });

  it('is strictly increasing down to where it underflows, and never negative', () => {
    let prev = 0;
    for (let z = -37.5; z <= 6; z += 0.01) {
      const v = expectedImprovementFactor(z);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    expect(expectedImprovementFactor(-40)).toBe(0);
    expect(expectedImprovementFactor(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});
