/**
 * Alcove's network trained from the reference's own start, call by call of a dump-reference.py dump:
 *
 *     npx tsx bench/mlp-parity/compare-dump.ts OUT_DIR
 *
 * Per training call: the validation loss at every check (reference and Alcove), the epochs run, the largest
 * difference of the pool predictions, and how many of the reference's greedy top 500 Alcove's predictions also
 * rank in their top 500. One JSON line per call. The targets are the reference's (its maximised objective).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlpParams } from '../../src/engines/mlp/mlp-params.js';
import { predictMlp } from '../../src/engines/mlp/predict-mlp.js';
import type { BitMatrix } from '../../src/shared/features.js';
import { trainFromReferenceStart } from '../../test/helpers/mlp-reference-start.js';

interface DumpCall {
  readonly n: number;
  readonly pool: number;
  readonly epochs_run: number;
  readonly val_loss: number[];
}

function readArray<T>(dir: string, file: string, make: (b: ArrayBuffer) => T): T {
  const b = readFileSync(join(dir, file));
  return make(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function bitsFromCsr(dir: string, prefix: string, bits: number): BitMatrix {
  const indptr = readArray(dir, `${prefix}indptr.i32`, (b) => new Int32Array(b));
  const indices = readArray(dir, `${prefix}indices.i32`, (b) => new Int32Array(b));
  const rows = indptr.length - 1;
  const bytesPerRow = bits / 8;
  const data = new Uint8Array(rows * bytesPerRow);
  for (let r = 0; r < rows; r++) {
    for (let p = indptr[r]!; p < indptr[r + 1]!; p++) {
      const j = indices[p]!;
      data[r * bytesPerRow + (j >> 3)]! |= 1 << (j & 7);
    }
  }
  return { kind: 'bits', rows, bits, bytesPerRow, data };
}

function topSet(values: Float64Array, k: number): Set<number> {
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  return new Set(order.slice(0, k));
}

function compareCall(dir: string, bits: number, call: DumpCall, c: number): Record<string, unknown> {
  const pre = `c${c}_`;
  const X = bitsFromCsr(dir, `${pre}X_`, bits);
  const y = readArray(dir, `${pre}y.f64`, (b) => new Float64Array(b));
  const params = mlpParams();
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const order = readArray(dir, `${pre}order.i32`, (b) => new Int32Array(b));
  const layers = params.hidden.length + 1;
  const weights = Array.from({ length: layers }, (_, l) =>
    readArray(dir, `${pre}W0_${l}.f32`, (b) => new Float32Array(b)),
  );
  const { member, losses, model } = trainFromReferenceStart(X, all, y, params, { weights, order });
  const P = bitsFromCsr(dir, `${pre}P_`, bits);
  const ours = predictMlp(
    model,
    P,
    Int32Array.from({ length: P.rows }, (_, i) => i),
  ).mean;
  const ref = readArray(dir, `${pre}pred.f64`, (b) => new Float64Array(b));
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i]! - ours[i]!));
  const refTop = topSet(ref, 500);
  const sharedTop = [...topSet(ours, 500)].filter((i) => refTop.has(i)).length;
  const relDiff = call.val_loss.map((v, i) => Math.abs((losses[i] ?? Number.NaN) - v) / v);
  return {
    call: c,
    rows: X.rows,
    epochs: { reference: call.epochs_run, alcove: member.epochsRun },
    checks: { reference: call.val_loss.length, alcove: losses.length },
    firstCheckDiverging: relDiff.findIndex((d) => !(d < 1e-5)),
    maxRelValLossDiff: Math.max(...relDiff),
    valLoss: { reference: call.val_loss.map((v) => +v.toFixed(6)), alcove: losses.map((v) => +v.toFixed(6)) },
    predictionMaxDiff: maxDiff,
    top500Shared: sharedTop,
  };
}

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: npx tsx bench/mlp-parity/compare-dump.ts DUMP_DIR\n');
  process.exit(2);
}
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { bits: number; calls: DumpCall[] };
meta.calls.forEach((call, c) => process.stdout.write(`${JSON.stringify(compareCall(dir, meta.bits, call, c))}\n`));
