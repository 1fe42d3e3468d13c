/** The oracle fan-out with a fake chunk runner held by gates: concurrency, splitting, order, interruption. */
import { describe, expect, it } from 'vitest';
import { fanOut, type ChunkOutcome, type OracleResult } from '../../src/oracles/fan-out.js';
import type { TaskClass } from '../../src/shared/vocabulary.js';

interface Held {
  readonly items: readonly number[];
  readonly attempt: number;
  answer(cls?: TaskClass): void;
}

/** A runner whose every call waits until the test answers it. */
function gatedRunner() {
  const held: Held[] = [];
  let waiters: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = (items: readonly number[], attempt: number) =>
    new Promise<ChunkOutcome>((resolve) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push({
        items,
        attempt,
        answer: (cls: TaskClass = 'ok') => {
          inFlight -= 1;
          resolve({ class: cls, values: items.map((i) => i * 10), message: cls, ms: 1000 * items.length });
        },
      });
      for (const w of waiters.splice(0)) w();
    });
  /** The next call not yet answered, once there is one. */
  const next = async (): Promise<Held> => {
    for (;;) {
      const h = held.shift();
      if (h !== undefined) return h;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { run, next, held, max: () => maxInFlight, reset: () => (waiters = []) };
}

describe('fanOut', () => {
  it('runs at most `parallel` chunks at once and answers keyed by index whatever finished first', async () => {
    const g = gatedRunner();
    const reported: number[][] = [];
    const done = fanOut([5, 4, 3, 2, 1, 0, 9], { chunk: 2, parallel: 2, retries: 1 }, g.run, (rs) => {
      reported.push(rs.map((r) => r.index));
    });
    const a = await g.next();
    const b = await g.next();
    expect([a.items, b.items]).toEqual([
      [5, 4],
      [3, 2],
    ]);
    expect(g.held).toHaveLength(0); // the third waits for a slot
    b.answer();
    const c = await g.next();
    expect(c.items).toEqual([1, 0]);
    c.answer();
    (await g.next()).answer();
    a.answer();
    const results = await done;
    expect(g.max()).toBe(2);
    expect(reported).toEqual([[3, 2], [1, 0], [9], [5, 4]]);
    expect([...results.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 9]);
    expect(results.get(4)).toEqual({ index: 4, value: 40, class: 'ok', attempt: 1, seconds: 1 });
  });

  it('splits a timed-out chunk into single molecules; only the one that times out again fails', async () => {
    const g = gatedRunner();
    const done = fanOut([0, 1, 2], { chunk: 3, parallel: 2, retries: 1 }, g.run);
    (await g.next()).answer('timeout');
    const singles = [await g.next(), await g.next()];
    expect(singles.map((s) => [s.items, s.attempt])).toEqual([
      [[0], 2],
      [[1], 2],
    ]);
    singles[0]?.answer();
    singles[1]?.answer('timeout');
    const last = await g.next();
    expect([last.items, last.attempt]).toEqual([[2], 2]);
    last.answer();
    const results = await done;
    const of = (i: number) => results.get(i) as OracleResult;
    expect([of(0).value, of(1).value, of(2).value]).toEqual([0, null, 20]);
    expect([of(1).class, of(1).attempt]).toEqual(['timeout', 2]);
  });

  it('retries a single crashed molecule while its attempt is within the retries; an error is final', async () => {
    const g = gatedRunner();
    const done = fanOut([7, 8], { chunk: 1, parallel: 1, retries: 2 }, g.run);
    (await g.next()).answer('crash');
    const again = await g.next();
    expect([again.items, again.attempt]).toEqual([[7], 2]);
    again.answer('ok');
    (await g.next()).answer('error');
    const results = await done;
    expect(results.get(7)).toMatchObject({ value: 70, attempt: 2 });
    expect(results.get(8)).toMatchObject({ value: null, class: 'error', attempt: 1 });
  });

  it('an interrupted chunk stops new chunks, keeps the finished results, and rejects with ABORTED', async () => {
    const g = gatedRunner();
    const reported: number[] = [];
    const done = fanOut([0, 1, 2, 3, 4, 5], { chunk: 1, parallel: 2, retries: 1 }, g.run, (rs) => {
      reported.push(...rs.map((r) => r.index));
    });
    const first = await g.next();
    const second = await g.next();
    first.answer('interrupted');
    second.answer('ok');
    await expect(done).rejects.toMatchObject({ code: 'ABORTED' });
    expect(reported).toEqual([1]);
    expect(g.held).toHaveLength(0);
  });

  it('a failing sink (a full disk under the journal) fails the fan-out', async () => {
    const g = gatedRunner();
    const done = fanOut([0, 1, 2], { chunk: 1, parallel: 1, retries: 0 }, g.run, () => {
      throw new Error('ENOSPC');
    });
    (await g.next()).answer();
    // The chunk already started when the sink failed ends; none starts after it.
    (await g.next()).answer();
    await expect(done).rejects.toThrow(/ENOSPC/);
    expect(g.held).toHaveLength(0);
  });
});
