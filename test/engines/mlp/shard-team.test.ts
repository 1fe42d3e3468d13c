/**
 * Data-parallel steps (shard-team.ts) on real worker threads: a network trained by a leader task with a
 * helper task on the other worker has exactly the weights of the same network trained on one thread, the
 * helper really computes shards, and a helper that starts after its leader has finished returns at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTeamBuffer, SHARDS, shardRange } from '../../../src/engines/mlp/shard-team.js';
import { mlpParams } from '../../../src/engines/mlp/mlp-params.js';
import { trainMlp } from '../../../src/engines/mlp/train-mlp.js';
import { createWorkerPool } from '../../../src/pool/worker-pool.js';
import type { BitMatrix } from '../../../src/shared/features.js';
import { createRng } from '../../../src/shared/rng.js';

const BITS = 512;

/** Enough rows that one shard's gradient takes a few ms, so the helper has time to claim its shard. */
function data(rows: number): { X: BitMatrix; rows: Int32Array; y: Float64Array } {
  const rng = createRng(3, 'shard-team-test');
  const bpr = BITS / 8;
  const bytes = new Uint8Array(new SharedArrayBuffer(rows * bpr));
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < 40; k++) {
      const b = rng.int(BITS);
      bytes[r * bpr + (b >> 3)]! |= 1 << (b & 7);
      if (b < 32) y[r]! += 1;
    }
  }
  return {
    X: { kind: 'bits', rows, bits: BITS, bytesPerRow: bpr, data: bytes },
    rows: Int32Array.from({ length: rows }, (_, i) => i),
    y,
  };
}

const pool = createWorkerPool({ threads: 2 });
afterAll(() => pool.close());

describe('shard team', () => {
  const { X, rows, y } = data(3000);
  const params = mlpParams({ hidden: [64, 32], epochs: 12, seed: 9, ensemble: 1 });

  it('cuts a batch into SHARDS ranges that cover it in order', () => {
    for (const count of [1, 2, 7, 4096]) {
      const ranges = Array.from({ length: SHARDS }, (_, c) => shardRange(count, c));
      expect(ranges[0]![0]).toBe(0);
      expect(ranges[SHARDS - 1]![1]).toBe(count);
      for (let c = 1; c < SHARDS; c++) expect(ranges[c]![0]).toBe(ranges[c - 1]![1]);
    }
  });

  it('gives the one-thread weights with a helper computing shards on another worker', async () => {
    const alone = trainMlp(X, rows, y, params);
    const sizes = [BITS, ...params.hidden, 1];
    const team = createTeamBuffer(sizes, rows.length);
    const leader = pool.run({ type: 'train-mlp', X, rows, y, params, member: 0, team });
    const helper = pool.run({ type: 'help-train-mlp', X, rows, y, params, team });
    const [led, helped] = await Promise.all([leader, helper]);
    expect(helped.value.shards).toBeGreaterThan(0);
    const a = alone.members[0]!;
    const b = led.value.mlp.members[0]!;
    expect(b.epochsRun).toBe(a.epochsRun);
    a.weights.forEach((w, l) => expect(Array.from(b.weights[l]!)).toEqual(Array.from(w)));
    a.biases.forEach((w, l) => expect(Array.from(b.biases[l]!)).toEqual(Array.from(w)));
  });

  it('a helper that starts after its leader has finished computes nothing and returns', async () => {
    const small = { ...params, epochs: 2 };
    const team = createTeamBuffer([BITS, ...params.hidden, 1], rows.length);
    await pool.run({ type: 'train-mlp', X, rows, y, params: small, member: 0, team });
    const late = await pool.run({ type: 'help-train-mlp', X, rows, y, params: small, team });
    expect(late.value.shards).toBe(0);
  });
});
