import { describe, expect, it } from 'vitest';
import { chunkPlan } from '../../src/state/feature-cache.js';

/** The sizes of a plan's chunks, after checking that they cover 0..molecules once, in order. */
function sizes(molecules: number, full: number, threads: number): number[] {
  const plan = chunkPlan(molecules, full, threads);
  let next = 0;
  for (const { start, end } of plan) {
    expect(start).toBe(next);
    expect(end).toBeGreaterThan(start);
    next = end;
  }
  expect(next).toBe(molecules);
  return plan.map(({ start, end }) => end - start);
}

describe('chunkPlan', () => {
  it('cuts nothing for an empty pool and keeps a small one whole', () => {
    expect(chunkPlan(0, 2048, 2)).toEqual([]);
    expect(sizes(200, 2048, 2)).toEqual([200]);
  });

  it('uses full chunks while the rest is large, then tapers to an eighth of one', () => {
    const s = sizes(49_699, 2048, 2);
    expect(s.slice(0, 17)).toEqual(Array<number>(17).fill(2048));
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1] as number);
    expect(Math.min(...s.slice(0, -1))).toBe(256);
    expect(s.at(-1)).toBeLessThanOrEqual(256);
  });

  it('tapers later with more threads, and never below one molecule', () => {
    const two = sizes(100_000, 2048, 2);
    const eight = sizes(100_000, 2048, 8);
    expect(eight.findIndex((n) => n < 2048)).toBeLessThan(two.findIndex((n) => n < 2048));
    expect(sizes(10, 4, 1)).toEqual([3, 2, 2, 1, 1, 1]);
  });
});
