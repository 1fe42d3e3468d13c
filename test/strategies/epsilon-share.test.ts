import { describe, expect, it } from 'vitest';
import { AlcoveError } from '../../src/shared/errors.js';
import { createRng } from '../../src/shared/rng.js';
import { ACQUISITION_STRATEGIES, acquire, needsUncertainty } from '../../src/strategies/acquisition.js';
import type { AcquisitionInput } from '../../src/strategies/acquisition.js';
import { randomShareCount } from '../../src/strategies/epsilon-share.js';

// 100 candidates, descending pool indices; greedy ranks them by mean = pool index, so its top picks are known.
const N = 100;
const CANDIDATES = Int32Array.from({ length: N }, (_, i) => 2 * (N - i));
const MEAN = Float64Array.from(CANDIDATES);
const STD = Float64Array.from({ length: N }, (_, i) => (i % 7) / 3);

function input(over: Partial<AcquisitionInput> = {}): AcquisitionInput {
  return {
    candidates: CANDIDATES,
    mean: MEAN,
    std: STD,
    best: 150,
    batch: 10,
    beta: 1,
    xi: 0,
    threshold: 120,
    ...over,
  };
}
const seeded = (seed = 42) => createRng(seed, 'acquire', 3);
const pick = (name: (typeof ACQUISITION_STRATEGIES)[number], over: Partial<AcquisitionInput> = {}, seed = 42) =>
  Array.from(acquire(name, input(over), seeded(seed)));

describe('randomShareCount', () => {
  it('is floor(epsilon * batch), as in MolPAL, without floating-point noise', () => {
    expect(randomShareCount(0, 10)).toBe(0);
    expect(randomShareCount(0.25, 10)).toBe(2);
    expect(randomShareCount(0.1, 30)).toBe(3);
    // 0.29 * 100 = 28.999999999999996 in doubles
    expect(randomShareCount(0.29, 100)).toBe(29);
    expect(randomShareCount(1, 7)).toBe(7);
    expect(randomShareCount(0.5, 1)).toBe(0);
    expect(randomShareCount(1, 1)).toBe(1);
    expect(randomShareCount(0.5, 0)).toBe(0);
  });
});

describe('acquire with epsilon', () => {
  it('takes the strategy top batch - r, then r others at random', () => {
    const greedyTop = pick('greedy');
    expect(greedyTop).toEqual([200, 198, 196, 194, 192, 190, 188, 186, 184, 182]);
    const out = pick('greedy', { epsilon: 0.3 });
    expect(out).toHaveLength(10);
    expect(out.slice(0, 7)).toEqual(greedyTop.slice(0, 7));
    const random = out.slice(7);
    expect(new Set(out).size).toBe(10);
    for (const c of random) {
      expect(out.slice(0, 7)).not.toContain(c);
      expect(Array.from(CANDIDATES)).toContain(c);
    }
    // with 93 candidates left, three uniform draws all landing in greedy's next three would be a 1-in-10^5 event
    expect(random).not.toEqual(greedyTop.slice(7));
  });

  it('is deterministic for a seed, and the random part changes with the seed', () => {
    for (const name of ACQUISITION_STRATEGIES) {
      expect(pick(name, { epsilon: 0.5 })).toEqual(pick(name, { epsilon: 0.5 }));
    }
    const a = pick('ucb', { epsilon: 0.5 });
    const b = pick('ucb', { epsilon: 0.5 }, 43);
    expect(b.slice(0, 5)).toEqual(a.slice(0, 5));
    expect(b.slice(5)).not.toEqual(a.slice(5));
  });

  it('epsilon 0 (or left out) is the strategy alone, with the same draws', () => {
    for (const name of ACQUISITION_STRATEGIES) {
      expect(pick(name, { epsilon: 0 })).toEqual(pick(name));
      // a share below one pick is no random pick either
      expect(pick(name, { epsilon: 0.09 })).toEqual(pick(name));
    }
  });

  it('epsilon 1 is the random strategy, whatever the strategy, and needs no model output', () => {
    const random = pick('random');
    for (const name of ACQUISITION_STRATEGIES) {
      expect(pick(name, { epsilon: 1 })).toEqual(random);
      expect(pick(name, { epsilon: 1, mean: undefined, std: undefined })).toEqual(random);
    }
  });

  it('a batch of 1 is the strategy pick below epsilon 1 and a random pick at 1', () => {
    expect(pick('greedy', { batch: 1, epsilon: 0.99 })).toEqual([200]);
    expect(pick('greedy', { batch: 1, epsilon: 1 })).toEqual(pick('random', { batch: 1 }));
    expect(pick('greedy', { batch: 0, epsilon: 1 })).toEqual([]);
  });

  it('shares the batch of min(batch, n) when the pool is smaller than the batch', () => {
    const small = { candidates: Int32Array.from([9, 4, 6]), mean: Float64Array.from([1, 3, 2]), std: undefined };
    const out = Array.from(acquire('greedy', input({ ...small, batch: 10, epsilon: 0.5 }), seeded()));
    // batch 3, share floor(1.5) = 1: greedy's top two, then the one left
    expect(out).toEqual([4, 6, 9]);
  });

  it('draws the random part uniformly from the candidates the strategy left', () => {
    const few = { candidates: Int32Array.from([10, 3, 7, 5, 1, 8]), mean: Float64Array.from([2, 5, 5, 1, 3, 0]) };
    const counts = new Map<number, number>();
    const trials = 4000;
    for (let s = 0; s < trials; s++) {
      const out = acquire('greedy', input({ ...few, std: undefined, batch: 3, epsilon: 0.34 }), createRng(s, 'u'));
      expect(Array.from(out.slice(0, 2))).toEqual([3, 7]);
      const c = out[2] as number;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    // one of the four others, each with probability 1/4: 1000 ± 27 (1 sd)
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([1, 5, 8, 10]);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(140);
  });

  it('rejects an epsilon outside [0, 1], naming the strategy', () => {
    for (const epsilon of [-0.1, 1.5, Number.NaN]) {
      let caught: unknown;
      try {
        acquire('ei', input({ epsilon }), seeded());
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AlcoveError);
      expect((caught as AlcoveError).code).toBe('BAD_INPUT');
      expect((caught as AlcoveError).message).toMatch(/'ei': epsilon must be in \[0, 1\]/);
    }
  });
});

describe('needsUncertainty', () => {
  it('is true for the strategies that rank by the spread', () => {
    const needs = ACQUISITION_STRATEGIES.filter((s) => needsUncertainty(s));
    expect(needs).toEqual(['ucb', 'uncertainty', 'thompson', 'ei', 'pi', 'threshold']);
    expect(needsUncertainty('greedy')).toBe(false);
    expect(needsUncertainty('random')).toBe(false);
  });

  it('agrees with what acquire asks of the model', () => {
    for (const name of ACQUISITION_STRATEGIES) {
      const withoutStd = () => acquire(name, input({ std: undefined }), seeded());
      if (needsUncertainty(name)) expect(withoutStd).toThrow(/std/);
      else expect(withoutStd).not.toThrow();
    }
  });
});
