/**
 * Micro-benchmark of the network engine: `npx tsx src/bench/mlp-micro.ts [--reps N]`, or `runMlpMicro()`.
 *
 * - trainMlp with MolPAL's defaults (2048 → 100 → 100 → 1, 50 epochs, full batch) on 2,500 × 2048 random sparse
 *   rows with 80 on-bits each (like atom-pair fingerprints), without validation (all 50 epochs) and with the
 *   default 20% split (early stopping may end it sooner);
 * - the mini-batch path: 10,000 rows in batches of 1,024, 5 epochs;
 * - predictMlp of that network on 50,000 rows, and with dropout (10 Monte-Carlo passes) on 10,000.
 * Each timing is the best of a few repetitions (the first includes JIT warm-up and is reported too). Timings
 * are wall-clock milliseconds of one thread; compare ratios between runs on the same machine.
 */
import { basename } from 'node:path';
import type { BitMatrix } from '../shared/features.js';
import { createRng } from '../shared/rng.js';
import { mlpParams, predictMlp, trainMlp } from '../engines/mlp/index.js';

export interface MicroTiming {
  readonly label: string;
  readonly reps: number;
  readonly bestMs: number;
  readonly firstMs: number;
}

export interface MlpMicroOptions {
  readonly reps?: number;
  readonly log?: (line: string) => void;
}

const BITS = 2048;
const BPR = BITS / 8;

/** `rows` rows with exactly `onBits` distinct random bits each. */
function randomBits(rows: number, onBits: number, seed: number): BitMatrix {
  const rng = createRng(seed, 'mlp-bench-bits');
  const data = new Uint8Array(rows * BPR);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < onBits;) {
      const b = rng.int(BITS);
      const at = r * BPR + (b >> 3);
      if ((data[at]! >> (b & 7)) & 1) continue;
      data[at]! |= 1 << (b & 7);
      k++;
    }
  }
  return { kind: 'bits', rows, bits: BITS, bytesPerRow: BPR, data };
}

/** y = Σ of a random weight per on-bit, plus noise: a target the network can partly learn. */
function labels(X: BitMatrix, seed: number): Float64Array {
  const rng = createRng(seed, 'mlp-bench-labels');
  const w = Float64Array.from({ length: BITS }, () => rng.normal());
  const y = new Float64Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let v = 0;
    for (let b = 0; b < BITS; b++) if ((X.data[r * BPR + (b >> 3)]! >> (b & 7)) & 1) v += w[b]!;
    y[r] = v + 0.5 * rng.normal();
  }
  return y;
}

function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

export function runMlpMicro(options: MlpMicroOptions = {}): MicroTiming[] {
  const reps = options.reps ?? 3;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const timings: MicroTiming[] = [];
  const time = <T>(label: string, n: number, fn: () => T): T => {
    let result: T | undefined;
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      result = fn();
      ms.push(performance.now() - t0);
    }
    const timing = { label, reps: n, bestMs: Math.min(...ms), firstMs: ms[0]! };
    timings.push(timing);
    log(`${label}: best ${timing.bestMs.toFixed(0)} ms of ${n} (first ${timing.firstMs.toFixed(0)} ms)`);
    return result as T;
  };

  const X = randomBits(2500, 80, 1);
  const y = labels(X, 1);
  const model = time('trainMlp 2500 x 2048 (80 on-bits), 100-100, 50 epochs, no validation', reps, () =>
    trainMlp(X, range(X.rows), y, mlpParams({ validationFraction: 0 })),
  );
  const split = time('trainMlp same, 20% validation, early stopping', reps, () =>
    trainMlp(X, range(X.rows), y, mlpParams()),
  );
  log(`  stopped after ${split.members[0]!.epochsRun} epochs, best ${split.members[0]!.bestEpoch}`);
  const big = randomBits(10_000, 80, 2);
  time('trainMlp 10,000 rows, batches of 1024, 5 epochs', Math.min(reps, 2), () =>
    trainMlp(big, range(big.rows), labels(big, 2), mlpParams({ batchSize: 1024, epochs: 5, validationFraction: 0 })),
  );
  const pool = randomBits(50_000, 80, 3);
  time('predictMlp 50,000 rows', reps, () => predictMlp(model, pool, range(pool.rows)));
  const dropout = trainMlp(X, range(X.rows), y, mlpParams({ dropout: 0.2, epochs: 2 }));
  time('predictMlp 10,000 rows, dropout, 10 MC passes', reps, () => predictMlp(dropout, pool, range(10_000)));
  return timings;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  const at = process.argv.indexOf('--reps');
  runMlpMicro(at >= 0 ? { reps: Number(process.argv[at + 1] ?? 3) } : {});
}
