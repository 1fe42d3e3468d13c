import { describe, expect, it } from 'vitest';
import { buildSpace, combinationAt, expandSweep, runId } from '../../src/sweep/expand-sweep.js';

describe('sweep expansion', () => {
  it('grid keys combine as a product, seeds innermost', () => {
    const space = buildSpace({ grid: { a: [1, 2], b: ['x', 'y', 'z'] }, zip: [], seeds: 2 }, 10);
    expect(space.total).toBe(12);
    const runs = [...expandSweep(space)];
    expect(runs.map((r) => `${r.params.a as number}${r.params.b as string}${r.seed}`)).toEqual([
      '1x10',
      '1x11',
      '1y10',
      '1y11',
      '1z10',
      '1z11',
      '2x10',
      '2x11',
      '2y10',
      '2y11',
      '2z10',
      '2z11',
    ]);
    expect(new Set(runs.map((r) => r.id)).size).toBe(12);
    expect(new Set(runs.map((r) => r.combo)).size).toBe(6);
  });

  it('zip groups vary together; a seed list is used as is', () => {
    const space = buildSpace({
      grid: { s: ['greedy'] },
      zip: [{ 'f.kind': ['morgan', 'atom-pair'], 'f.bits': [2048, 1024] }],
      seeds: [7, 3],
    });
    const runs = [...expandSweep(space)];
    expect(runs.map((r) => [r.params['f.kind'], r.params['f.bits'], r.seed])).toEqual([
      ['morgan', 2048, 7],
      ['morgan', 2048, 3],
      ['atom-pair', 1024, 7],
      ['atom-pair', 1024, 3],
    ]);
  });

  it('run ids are stable and derived from parameters + seed (key order does not matter)', () => {
    expect(runId({ a: 1, b: 'x' }, 0)).toBe(runId({ b: 'x', a: 1 }, 0));
    expect(runId({ a: 1 }, 0)).not.toBe(runId({ a: 1 }, 1));
    expect(runId({ a: 1 }, 0)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('rejects a key listed twice and seed as a parameter', () => {
    expect(() => buildSpace({ grid: { a: [1] }, zip: [{ a: [2] }], seeds: 1 })).toThrow(/listed twice/);
    expect(() => buildSpace({ grid: { seed: [1] }, zip: [], seeds: 1 })).toThrow(/seeds/);
  });

  it('walks a 10,000-run space lazily: decoded by index, nothing retained', () => {
    const space = buildSpace({
      grid: { a: [...Array(10).keys()], b: [...Array(10).keys()], c: [...Array(10).keys()] },
      zip: [],
      seeds: 10,
    });
    expect(space.total).toBe(10_000);
    const gen = expandSweep(space);
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let last = null as ReturnType<typeof combinationAt> | null;
    for (const run of gen) {
      if (count % 1234 === 0) expect(run).toEqual(combinationAt(space, count));
      last = run;
      count += 1;
    }
    const growth = process.memoryUsage().heapUsed - before;
    expect(count).toBe(10_000);
    expect(last).toEqual(combinationAt(space, 9_999));
    expect(last?.params).toEqual({ a: 9, b: 9, c: 9 });
    // 10,000 retained runs would hold > 3 MB (ids, params objects); a lazy walk keeps only garbage the GC may reclaim.
    expect(growth).toBeLessThan(16 * 1024 * 1024);
    expect(() => combinationAt(space, 10_000)).toThrow(RangeError);
  });
});
