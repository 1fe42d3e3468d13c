import { describe, expect, it } from 'vitest';
import { incumbent } from '../../src/strategies/incumbent.js';
import type { Objective } from '../../src/strategies/objective.js';

const LABELS = [1, 7, null, 4, 6];

describe('incumbent', () => {
  it('best: the best label, oriented; -Infinity before any label', () => {
    expect(incumbent(LABELS, { objective: 'maximize', rule: 'best', k: 3 })).toBe(7);
    expect(incumbent(LABELS, { objective: 'minimize', rule: 'best', k: 3 })).toBe(-1);
    expect(incumbent([null], { objective: 'maximize', rule: 'best', k: 1 })).toBe(Number.NEGATIVE_INFINITY);
  });

  it('kth: the k-th best label (MolPAL current_max), failures not counted, the worst when fewer than k', () => {
    const kth = (objective: Objective, k: number) => incumbent(LABELS, { objective, rule: 'kth', k });
    expect(kth('maximize', 1)).toBe(7);
    expect(kth('maximize', 2)).toBe(6);
    expect(kth('maximize', 3)).toBe(4);
    expect(kth('maximize', 4)).toBe(1);
    expect(kth('maximize', 50)).toBe(1);
    // minimize: labels 1 < 4 < 6 < 7, oriented -1 > -4 > -6 > -7
    expect(kth('minimize', 2)).toBe(-4);
    expect(kth('minimize', 50)).toBe(-7);
    expect(incumbent([], { objective: 'maximize', rule: 'kth', k: 2 })).toBe(Number.NEGATIVE_INFINITY);
    expect(() => incumbent(LABELS, { objective: 'maximize', rule: 'kth', k: 0 })).toThrow(/integer k >= 1/);
  });
});
