import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/shared/rng.js';
import { argsortAscending } from '../../src/strategies/argsort.js';
import { averageRanks, tieGroups } from '../../src/strategies/ranks.js';

describe('argsortAscending', () => {
  it.each([10, 5000, 20000])('is a stable ascending sort (n = %i)', (n) => {
    const rng = createRng(n, 'argsort');
    const specials = [0, -0, -1e-300, 1e-300, 1e308, -1e308, Number.MIN_VALUE, -Number.MIN_VALUE, Infinity, -Infinity];
    const values = Float64Array.from({ length: n }, (_, i) =>
      i < specials.length
        ? (specials[i] as number)
        : rng.next() < 0.3
          ? rng.int(20) - 10
          : rng.normal() * 10 ** rng.int(8),
    );
    const expected = Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    expect(Array.from(argsortAscending(values))).toEqual(expected);
  });
});

describe('averageRanks', () => {
  it('averages the ranks of ties', () => {
    const { ranks, groups } = averageRanks([3, 1, 3, 2, 3, -0, 0]);
    expect(Array.from(ranks)).toEqual([6, 3, 6, 4, 6, 1.5, 1.5]);
    expect(groups).toBe(4);
  });

  it('agrees between the small and the radix path', () => {
    const rng = createRng(9, 'ranks');
    const values = Float64Array.from({ length: 5000 }, () => rng.int(300) / 7); // above the radix threshold
    const small = new Float64Array(values.length);
    // rank each value by counting, the definition: (#smaller) + (#equal + 1) / 2
    const sorted = Array.from(values).sort((a, b) => a - b);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      const less = sorted.findIndex((x) => x >= v);
      let equal = 0;
      for (let j = less; j < sorted.length && sorted[j] === v; j++) equal++;
      small[i] = less + (equal + 1) / 2;
    }
    expect(Array.from(averageRanks(values).ranks)).toEqual(Array.from(small));
    const g = tieGroups(values);
    expect(g.distinct.length).toBe(new Set(values).size);
  });
});
