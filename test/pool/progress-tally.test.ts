/**
 * Progress of engine calls: a call's total is known at its start, and each piece's end advances it; a call's
 * step counter is read on a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { createProgressTally, type CallProgress } from '../../src/pool/progress-tally.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { recordEnded, recordSteps } from '../../src/shared/step-counter.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('progress tally', () => {
  it('reports 0/N when the call fans out, then each piece as it ends, in any order', async () => {
    const seen: CallProgress[] = [];
    const tally = createProgressTally(4, (p) => seen.push(p));
    const gates = [deferred(), deferred(), deferred()];
    const sizes = [100, 100, 50];
    const call = tally.call('featurize', 'featurize', () =>
      Promise.all(
        sizes.map((n, i) => {
          const ended = tally.piece('featurize', 'featurize', n);
          return gates[i]!.promise.then(ended);
        }),
      ),
    );
    expect(seen).toEqual([{ stage: 'featurize', kind: 'featurize', generation: 4, done: 0, total: 250 }]);
    gates[2]!.resolve();
    await gates[2]!.promise;
    await Promise.resolve();
    expect(seen.at(-1)).toMatchObject({ done: 50, total: 250 });
    gates[0]!.resolve();
    gates[1]!.resolve();
    await call;
    expect(seen.map((p) => p.done)).toEqual([0, 50, 150, 250]);
  });

  it('a piece outside a call reports nothing; a second call starts from zero', async () => {
    const seen: CallProgress[] = [];
    const tally = createProgressTally(0, (p) => seen.push(p));
    tally.piece('train', 'train', 10)();
    expect(seen).toEqual([]);
    for (let round = 0; round < 2; round++) {
      await tally.call('train', 'train', async () => {
        const ended = tally.piece('train', 'train', 10);
        await Promise.resolve();
        ended();
      });
    }
    expect(seen.map((p) => `${p.done}/${p.total}`)).toEqual(['0/10', '10/10', '0/10', '10/10']);
  });
});

describe('progress tally: step counters', () => {
  it("reads a call's step counter on the clock, reports changes only, and stops with the call", async () => {
    const clock = createFakeClock();
    const seen: CallProgress[] = [];
    const tally = createProgressTally(2, (p) => seen.push(p), { clock, sampleMs: 250 });
    const gate = deferred();
    let buffer: SharedArrayBuffer | null = null;
    const call = tally.call('train', 'train', async () => {
      buffer = tally.countSteps('train', 'train', 2, 10);
      // One counter per call: a second one is refused.
      expect(tally.countSteps('train', 'train', 2, 10)).toBeNull();
      const ended = [tally.piece('train', 'train', 1), tally.piece('train', 'train', 1)];
      await gate.promise;
      recordEnded(buffer!, 1, 10);
      ended[1]!();
      recordEnded(buffer!, 0, 6);
      ended[0]!();
    });
    expect(seen.map((p) => [p.done, p.total, p.steps?.done, p.steps?.total])).toEqual([[0, 2, 0, 20]]);
    expect(clock.pending()).toBe(1);
    clock.advance(1000);
    expect(seen).toHaveLength(1);
    recordSteps(buffer!, 0, 3);
    recordSteps(buffer!, 1, 4);
    clock.advance(250);
    expect(seen.at(-1)).toMatchObject({ done: 0, total: 2, steps: { done: 7, total: 20, ended: 0 } });
    clock.advance(1000);
    expect(seen).toHaveLength(2);
    gate.resolve();
    await call;
    expect(seen.slice(2).map((p) => [p.done, p.steps?.done, p.steps?.total, p.steps?.endedEarly])).toEqual([
      [1, 13, 20, 0],
      [2, 16, 16, 1],
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('counts no steps outside a call or without a clock', async () => {
    const clock = createFakeClock();
    expect(createProgressTally(0, () => undefined, { clock }).countSteps('train', 'train', 1, 5)).toBeNull();
    const clockless = createProgressTally(0, () => undefined);
    await clockless.call('train', 'train', () => {
      expect(clockless.countSteps('train', 'train', 1, 5)).toBeNull();
      return Promise.resolve();
    });
  });
});
