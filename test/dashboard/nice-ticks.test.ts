import { describe, expect, it } from 'vitest';
import { niceScale, stepDecimals } from '../../src/dashboard/nice-ticks.js';

describe('niceScale', () => {
  it('covers the data with round steps', () => {
    expect(niceScale(0, 392, 6)).toEqual({ min: 0, max: 400, step: 100, ticks: [0, 100, 200, 300, 400] });
    expect(niceScale(0.2, 0.61, 5)).toEqual({ min: 0.2, max: 0.7, step: 0.1, ticks: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7] });
  });

  it('gives exact decimal ticks (no 0.30000000000000004)', () => {
    for (const t of niceScale(0.1, 0.35, 5).ticks) expect(String(t).length).toBeLessThan(6);
  });

  it('widens a degenerate range', () => {
    const s = niceScale(0.5, 0.5);
    expect(s.min).toBeLessThan(0.5);
    expect(s.max).toBeGreaterThan(0.5);
    expect(niceScale(0, 0).ticks.length).toBeGreaterThan(1);
  });

  it('handles negative ranges and swapped bounds', () => {
    const s = niceScale(1, -1, 4);
    expect(s.min).toBe(-1);
    expect(s.max).toBe(1);
    expect(s.ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('counts the decimals a step needs', () => {
    expect(stepDecimals(100)).toBe(0);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(0.05)).toBe(2);
  });
});
