/** Progress of engine calls: a call's total is known at its start, and each piece's end advances it. */
import { describe, expect, it } from 'vitest';
import { createProgressTally, type CallProgress } from '../../src/pool/progress-tally.js';

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
