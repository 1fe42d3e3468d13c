import { describe, expect, it } from 'vitest';
import { generationsWithoutImprovement, relativeGainConverged, shouldStop } from '../../src/strategies/stopping.js';
import type { GenerationRecord, StoppingParams } from '../../src/strategies/stopping.js';

function hist(headlines: ReadonlyArray<number | null>): GenerationRecord[] {
  return headlines.map((headline, generation) => ({ generation, labeled: 100 * (generation + 1), headline }));
}
const params = (over: Partial<StoppingParams> = {}): StoppingParams => ({
  generations: 100,
  patience: 0,
  min_delta: 0,
  candidatesLeft: 1000,
  ...over,
});

describe('shouldStop', () => {
  it('stops on the budget once the latest generation reaches it', () => {
    expect(shouldStop(hist([1, 2, 3, 4, 5]), params({ generations: 5 }))).toEqual({ stop: false, reason: null }); // last = 4
    expect(shouldStop(hist([1, 2, 3, 4, 5, 6]), params({ generations: 5 }))).toEqual({ stop: true, reason: 'budget' });
    expect(shouldStop([], params({ generations: 0 }))).toEqual({ stop: true, reason: 'budget' });
    expect(shouldStop([], params({ generations: 3 }))).toEqual({ stop: false, reason: null });
  });

  it('stops when the pool is exhausted; budget takes precedence', () => {
    expect(shouldStop(hist([1]), params({ candidatesLeft: 0 }))).toEqual({ stop: true, reason: 'pool-exhausted' });
    expect(shouldStop(hist([1, 2]), params({ candidatesLeft: 0, generations: 1 }))).toEqual({
      stop: true,
      reason: 'budget',
    });
  });

  it('converges after `patience` generations without an improvement larger than min_delta', () => {
    // best 0; 1 improves (> 0.5); 1.5 does not (exactly +0.5); 1.75 does (+0.75 over best 1); 2, 2 do not
    const h = hist([0, 1, 1.5, 1.75, 2, 2]);
    expect(generationsWithoutImprovement(h, 0.5)).toBe(2);
    expect(shouldStop(h, params({ patience: 2, min_delta: 0.5 }))).toEqual({ stop: true, reason: 'converged' });
    expect(shouldStop(h, params({ patience: 3, min_delta: 0.5 }))).toEqual({ stop: false, reason: null });
    // with min_delta 0 every rise counts: only the last 2 is flat
    expect(generationsWithoutImprovement(h, 0)).toBe(1);
  });

  it('compares with the best so far, so small gains add up and drops do not reset', () => {
    expect(generationsWithoutImprovement(hist([0, 0.375, 0.75]), 0.5)).toBe(0); // 0.75 > 0 + 0.5
    expect(generationsWithoutImprovement(hist([1, 0.5, 0.75, 1]), 0)).toBe(3);
  });

  it('turns the plateau rule off with patience 0', () => {
    expect(shouldStop(hist([1, 1, 1, 1, 1]), params({ patience: 0 }))).toEqual({ stop: false, reason: null });
  });

  it('skips generations whose headline is null', () => {
    const h = hist([null, 1, null, 1, null]);
    expect(generationsWithoutImprovement(h, 0)).toBe(1);
    expect(shouldStop(h, params({ patience: 1 })).reason).toBe('converged');
    expect(shouldStop(h, params({ patience: 2 })).reason).toBeNull();
    expect(shouldStop(hist([null, null, null, null]), params({ patience: 1 })).stop).toBe(false);
  });

  it('rejects malformed history and parameters', () => {
    const bad: GenerationRecord[] = [
      { generation: 1, labeled: 10, headline: 1 },
      { generation: 1, labeled: 20, headline: 1 },
    ];
    expect(() => shouldStop(bad, params())).toThrow(/must increase/);
    expect(() => shouldStop(hist([NaN]), params())).toThrow(/finite or null/);
    expect(() => shouldStop([], params({ patience: -1 }))).toThrow(/patience/);
    expect(() => shouldStop([], params({ min_delta: -0.1 }))).toThrow(/min_delta/);
    expect(() => shouldStop([], params({ generations: 2.5 }))).toThrow(/generations/);
  });
});

describe('MolPAL convergence and the call budget', () => {
  const flat = hist([null, null, null, null, null]);
  const params = { generations: 10, patience: 0, min_delta: 0, candidatesLeft: 100 };

  it('converges when the watched series gains less than delta over the window', () => {
    const convergence = { window: 2, delta: 0.01 };
    // 100 → 100.5 over two rounds: a gain of 0.5%.
    const watched = [90, 100, 100.2, 100.5];
    expect(relativeGainConverged(watched, convergence)).toBe(true);
    expect(relativeGainConverged([90, 100, 105, 110], convergence)).toBe(false);
    // Fewer than window + 1 values, nulls skipped.
    expect(relativeGainConverged([null, 100, 100], convergence)).toBe(false);
    expect(relativeGainConverged([100, null, 100, 100], convergence)).toBe(true);
    expect(shouldStop(flat, { ...params, convergence, watched: [...watched, 100.5] })).toEqual({
      stop: true,
      reason: 'converged',
    });
    expect(shouldStop(flat, { ...params, convergence: null, watched })).toEqual({ stop: false, reason: null });
  });

  it('compares against the magnitude of the earlier value, so a negative series works', () => {
    // Docking scores oriented higher-is-better: -10 → -9.95 is a 0.5% gain.
    expect(relativeGainConverged([-10, -9.99, -9.95], { window: 2, delta: 0.01 })).toBe(true);
    expect(relativeGainConverged([-10, -9.5, -9], { window: 2, delta: 0.01 })).toBe(false);
    expect(relativeGainConverged([0, 0, 0.005], { window: 2, delta: 0.01 })).toBe(true);
  });

  it('stops on the budget when no oracle calls are left', () => {
    expect(shouldStop(flat, { ...params, callsLeft: 0 })).toEqual({ stop: true, reason: 'budget' });
    expect(shouldStop(flat, { ...params, callsLeft: 1 })).toEqual({ stop: false, reason: null });
  });
});
