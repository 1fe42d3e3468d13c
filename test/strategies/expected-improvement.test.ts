import { describe, expect, it } from 'vitest';
import { expectedImprovement, probabilityOfImprovement } from '../../src/strategies/expected-improvement.js';

describe('expectedImprovement', () => {
  it('matches hand-computed closed forms (d Phi(d/s) + s phi(d/s))', () => {
    // mean 1, std 1, target 0: 1 * Phi(1) + phi(1)
    expect(expectedImprovement(1, 1, 0)).toBeCloseTo(1.0833155, 7);
    expect(expectedImprovement(1, 1, 0)).toBeCloseTo(0.8413447460685429 + 0.24197072451914337, 15);
    // mean = target: s * phi(0)
    expect(expectedImprovement(0, 1, 0)).toBeCloseTo(0.3989422804014327, 15);
    // d = -1, s = 2: -Phi(-0.5) + 2 phi(0.5)
    expect(expectedImprovement(0, 2, 1)).toBeCloseTo(0.39559311480261217, 14);
    // mean 2, std 0.5, target 1.1 (best 1 + xi 0.1): d = 0.9, z = 1.8
    expect(expectedImprovement(2, 0.5, 1.1)).toBeCloseTo(0.9071377919488139, 14);
    // far below the target: 0.5 * (-2 Phi(-2) + phi(-2))
    expect(expectedImprovement(-1, 0.5, 0)).toBeCloseTo(0.004245351308414812, 15);
    expect(expectedImprovement(-10, 1, 0) / 7.4745602545893284e-25).toBeCloseTo(1, 11);
  });

  it('degenerates to max(mean - target, 0) when std = 0', () => {
    expect(expectedImprovement(3, 0, 1)).toBe(2);
    expect(expectedImprovement(1, 0, 1)).toBe(0);
    expect(expectedImprovement(-5, 0, 1)).toBe(0);
    // and approaches it continuously
    expect(expectedImprovement(3, 1e-300, 1)).toBe(2);
    expect(expectedImprovement(-5, 1e-300, 1)).toBe(0);
  });

  it('grows with the mean and, below the target, with the spread', () => {
    expect(expectedImprovement(0.5, 1, 0)).toBeGreaterThan(expectedImprovement(0.4, 1, 0));
    expect(expectedImprovement(-1, 2, 0)).toBeGreaterThan(expectedImprovement(-1, 1, 0));
  });
});

describe('probabilityOfImprovement', () => {
  it('is Phi((mean - target) / std)', () => {
    expect(probabilityOfImprovement(1, 1, 0)).toBeCloseTo(0.8413447460685429, 15);
    expect(probabilityOfImprovement(0, 1, 0)).toBe(0.5);
    expect(probabilityOfImprovement(-3, 1, 0)).toBeCloseTo(0.0013498980316300957, 15);
    expect(probabilityOfImprovement(2, 0.5, 1.1)).toBeCloseTo(0.9640696808870742, 15);
  });

  it('is the indicator mean > target when std = 0', () => {
    expect(probabilityOfImprovement(2, 0, 1)).toBe(1);
    expect(probabilityOfImprovement(1, 0, 1)).toBe(0);
    expect(probabilityOfImprovement(0, 0, 1)).toBe(0);
  });
});
