/**
 * The network's artifact format: "ALCN", a little-endian u32 header length, a JSON header (everything but
 * the arrays), zero padding to 8 bytes, then the arrays in header order (input scaling as float64, each
 * member's weights and biases as float32). Typed arrays round-trip bit for bit; the decoded network is
 * checked (`assertValidMlp`) before it is used.
 */
import { assertValidMlp } from '../engines/mlp/validate-mlp.js';
import { AlcoveError } from '../shared/errors.js';
import type { MlpMember, SerializedMlp } from '../shared/mlp-types.js';

const MAGIC = [0x41, 0x4c, 0x43, 0x4e] as const; // "ALCN"

interface Header {
  readonly v: 1;
  readonly kind: SerializedMlp['kind'];
  readonly task: SerializedMlp['task'];
  readonly sizes: readonly number[];
  readonly dropout: number;
  readonly yMean: number;
  readonly ySd: number;
  readonly inputScaling: boolean;
  readonly members: readonly Omit<MlpMember, 'weights' | 'biases'>[];
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

function arraysOf(mlp: SerializedMlp): (Float64Array | Float32Array)[] {
  const scaling = mlp.inputMean !== null && mlp.inputScale !== null ? [mlp.inputMean, mlp.inputScale] : [];
  return [...scaling, ...mlp.members.flatMap((m) => [...m.weights, ...m.biases])];
}

export function mlpToBytes(mlp: SerializedMlp): Uint8Array {
  const header: Header = {
    v: 1,
    kind: mlp.kind,
    task: mlp.task,
    sizes: mlp.sizes,
    dropout: mlp.dropout,
    yMean: mlp.yMean,
    ySd: mlp.ySd,
    inputScaling: mlp.inputMean !== null && mlp.inputScale !== null,
    members: mlp.members.map((m) => ({
      seed: m.seed,
      epochsRun: m.epochsRun,
      bestEpoch: m.bestEpoch,
      bestValidationLoss: m.bestValidationLoss,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const arrays = arraysOf(mlp);
  let offset = pad8(8 + json.length);
  const total = arrays.reduce((n, a) => pad8(n + a.byteLength), offset);
  const bytes = new Uint8Array(total);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  for (const a of arrays) {
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset = pad8(offset + a.byteLength);
  }
  return bytes;
}

export function mlpFromBytes(bytes: Uint8Array): SerializedMlp {
  const bad = (why: string): never => {
    throw new AlcoveError('BAD_CHECKPOINT', `network artifact: ${why}`);
  };
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) bad('not a network artifact (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  if (8 + length > bytes.length) bad('truncated header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header;
  if (header.v !== 1) bad(`unknown version ${String(header.v)}`);
  if (!Array.isArray(header.sizes) || !Array.isArray(header.members)) bad('malformed header');
  let offset = pad8(8 + length);
  const take = <A extends Float32Array | Float64Array>(n: number, make: (b: ArrayBuffer) => A, width: 4 | 8): A => {
    const size = n * width;
    if (offset + size > bytes.length) bad('truncated arrays');
    const a = make(bytes.slice(offset, offset + size).buffer);
    offset = pad8(offset + size);
    return a;
  };
  const width = header.sizes[0] ?? 0;
  const inputMean = header.inputScaling ? take(width, toF64, 8) : null;
  const inputScale = header.inputScaling ? take(width, toF64, 8) : null;
  const layers = header.sizes.length - 1;
  const members = header.members.map((m) => {
    const weights = Array.from({ length: layers }, (_, l) =>
      take((header.sizes[l] ?? 0) * (header.sizes[l + 1] ?? 0), toF32, 4),
    );
    const biases = Array.from({ length: layers }, (_, l) => take(header.sizes[l + 1] ?? 0, toF32, 4));
    return { ...m, weights, biases };
  });
  const { kind, task, sizes, dropout, yMean, ySd } = header;
  const mlp: SerializedMlp = { kind, task, sizes, dropout, yMean, ySd, inputMean, inputScale, members };
  assertValidMlp(mlp);
  return mlp;
}

function toF64(b: ArrayBuffer): Float64Array {
  return new Float64Array(b);
}
function toF32(b: ArrayBuffer): Float32Array {
  return new Float32Array(b);
}
