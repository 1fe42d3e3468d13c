/**
 * The bytes of a small WebAssembly module of SIMD kernels, written out here opcode by opcode (this file is
 * their source: there is no binary to commit and no build step, and vitest runs it from src/ as it is).
 * Every kernel takes ten i32 arguments (byte offsets into the module's memory, except counts and sizes):
 *
 *   gather[Scaled][Relu](src, stride, list, values, ranges, count, init, out, outStride, bytes)
 *     for i < count:  out[i] = init + Σ (values[q] ·) src[list[q]]   over q in [ranges[2i], ranges[2i + 1])
 *   scatter[Scaled](src, srcStride, list, values, ranges, count, -, out, outStride, bytes)
 *     for i < count, for q in [ranges[2i], ranges[2i + 1]):  out[list[q]] += (values[q] ·) src[i]
 *
 * over rows of `bytes` bytes (a multiple of 16: float32 in f32x4 lanes); `stride`, `srcStride` and
 * `outStride` are row strides in bytes. Sums run in q order (gather) or i order (scatter), so results are
 * the same on every run. `Relu` stores max(0, ·) as the JavaScript ReLU (v < 0 ? 0 : v, NaN stays NaN).
 * A gather sums BLOCK lane groups at once, so one load of list[q] serves BLOCK vector loads.
 */

const BLOCK = 8;

// Opcodes (WebAssembly core 2.0 and its fixed-width SIMD proposal).
const I32 = 0x7f;
const V128 = 0x7b;
const BLOCK_OP = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_LOAD = 0x28;
const I32_CONST = 0x41;
const I32_GE_U = 0x4f;
const I32_GT_U = 0x4b;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_SHL = 0x74;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const V128_CONST = 0x0c;
const F32X4_ADD = 0xe4;
const F32X4_PMAX = 0xeb;
const F32X4_MUL = 0xe6;
const F32X4_SPLAT = 0x13;
const F32_LOAD = 0x2a;

export function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = v & 0x7f;
    v >>>= 7;
    if (v === 0) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 for i32.const (small non-negative constants only). */
function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const get = (l: number) => [LOCAL_GET, ...leb(l)];
const set = (l: number) => [LOCAL_SET, ...leb(l)];
const i32 = (n: number) => [I32_CONST, ...sleb(n)];
const simd = (op: number) => [SIMD, ...leb(op)];
const memarg = (offset: number, align: number) => [...leb(align), ...leb(offset)];
const vload = (offset: number) => [...simd(V128_LOAD), ...memarg(offset, 4)];
const vstore = (offset: number) => [...simd(V128_STORE), ...memarg(offset, 4)];

// Parameters 0-9, then locals: six i32, then V and the BLOCK accumulators (v128).
const [SRC, STRIDE, LIST, VALUES, RANGES, COUNT, INIT, OUT, OUT_STRIDE, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const I = 10;
const Q = 11;
const END_Q = 12;
const J = 13;
const ROW = 14;
const O = 15;
const V = 16;
const ACC = 17;
const LOCALS = [2, 6, I32, 1 + BLOCK, V128];

const ZERO = [...simd(V128_CONST), ...new Array<number>(16).fill(0)];

/** q = ranges[2i]; end = ranges[2i + 1]. */
const loadRange = (): number[] => {
  const at = [...get(RANGES), ...get(I), ...i32(3), I32_SHL, I32_ADD];
  return [...at, I32_LOAD, ...memarg(0, 2), ...set(Q), ...at, I32_LOAD, ...memarg(4, 2), ...set(END_Q)];
};

/** V = splat(values[q]). */
const splatValue = (): number[] => [
  ...get(VALUES),
  ...get(Q),
  ...i32(2),
  I32_SHL,
  I32_ADD,
  F32_LOAD,
  ...memarg(0, 2),
  ...simd(F32X4_SPLAT),
  ...set(V),
];

/** base + list[q] · stride. */
const listRow = (base: number, stride: number): number[] => [
  ...get(LIST),
  ...get(Q),
  ...i32(2),
  I32_SHL,
  I32_ADD,
  I32_LOAD,
  ...memarg(0, 2),
  ...get(stride),
  I32_MUL,
  ...get(base),
  I32_ADD,
];

/** `while (cond) body` where `exit` leaves the loop (br_if 1) when true. */
const whileLoop = (exit: number[], body: number[]): number[] => [
  BLOCK_OP,
  0x40,
  LOOP,
  0x40,
  ...exit,
  BR_IF,
  1,
  ...body,
  BR,
  0,
  END,
  END,
];

const increment = (local: number, by: number) => [...get(local), ...i32(by), I32_ADD, ...set(local)];

/** Gather: lane groups [J, J + 16n) of out row O, summed over the row's list, then J += 16n. */
function gatherGroups(n: number, scaled: boolean, relu: boolean): number[] {
  const body: number[] = [];
  for (let b = 0; b < n; b++) body.push(...get(INIT), ...get(J), I32_ADD, ...vload(16 * b), ...set(ACC + b));
  body.push(...loadRange());
  const inner: number[] = [...listRow(SRC, STRIDE), ...get(J), I32_ADD, ...set(ROW)];
  if (scaled) inner.push(...splatValue());
  for (let b = 0; b < n; b++) {
    inner.push(...get(ACC + b), ...get(ROW), ...vload(16 * b));
    if (scaled) inner.push(...get(V), ...simd(F32X4_MUL));
    inner.push(...simd(F32X4_ADD), ...set(ACC + b));
  }
  inner.push(...increment(Q, 1));
  body.push(...whileLoop([...get(Q), ...get(END_Q), I32_GE_U], inner));
  for (let b = 0; b < n; b++) {
    body.push(...get(O), ...get(J), I32_ADD, ...get(ACC + b));
    if (relu) body.push(...ZERO, ...simd(F32X4_PMAX));
    body.push(...vstore(16 * b));
  }
  body.push(...increment(J, 16 * n));
  return body;
}

/** while (J + 16n <= bytes) groups(n). */
const groupLoop = (n: number, groups: number[]): number[] =>
  whileLoop([...get(J), ...i32(16 * n), I32_ADD, ...get(BYTES), I32_GT_U], groups);

/** for i < count: O = out + i · outStride (gather) or ROW = src + i · srcStride (scatter); body; */
function rowLoop(body: number[]): number[] {
  return [...i32(0), ...set(I), ...whileLoop([...get(I), ...get(COUNT), I32_GE_U], [...body, ...increment(I, 1)])];
}

function gatherBody(scaled: boolean, relu: boolean): number[] {
  const perRow = [...get(OUT), ...get(I), ...get(OUT_STRIDE), I32_MUL, I32_ADD, ...set(O), ...i32(0), ...set(J)];
  perRow.push(...groupLoop(BLOCK, gatherGroups(BLOCK, scaled, relu)), ...groupLoop(1, gatherGroups(1, scaled, relu)));
  return [...LOCALS, ...rowLoop(perRow), END];
}

/** Scatter: out row O, lane groups [J, J + 16n) += (V ·) src row ROW; J += 16n. */
function scatterGroups(n: number, scaled: boolean): number[] {
  const body: number[] = [];
  for (let b = 0; b < n; b++) {
    body.push(...get(O), ...get(J), I32_ADD, ...get(O), ...get(J), I32_ADD, ...vload(16 * b));
    body.push(...get(ROW), ...get(J), I32_ADD, ...vload(16 * b));
    if (scaled) body.push(...get(V), ...simd(F32X4_MUL));
    body.push(...simd(F32X4_ADD), ...vstore(16 * b));
  }
  body.push(...increment(J, 16 * n));
  return body;
}

function scatterBody(scaled: boolean): number[] {
  const perEntry: number[] = [...listRow(OUT, OUT_STRIDE), ...set(O), ...i32(0), ...set(J)];
  if (scaled) perEntry.push(...splatValue());
  perEntry.push(...groupLoop(BLOCK, scatterGroups(BLOCK, scaled)), ...groupLoop(1, scatterGroups(1, scaled)));
  perEntry.push(...increment(Q, 1));
  const perRow = [...get(SRC), ...get(I), ...get(STRIDE), I32_MUL, I32_ADD, ...set(ROW), ...loadRange()];
  perRow.push(...whileLoop([...get(Q), ...get(END_Q), I32_GE_U], perEntry));
  return [...LOCALS, ...rowLoop(perRow), END];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

export function name(s: string): number[] {
  return [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The kernels by export name, in function-index order. */
const KERNELS: readonly (readonly [string, () => number[]])[] = [
  ['gather', () => gatherBody(false, false)],
  ['gatherRelu', () => gatherBody(false, true)],
  ['gatherScaled', () => gatherBody(true, false)],
  ['gatherScaledRelu', () => gatherBody(true, true)],
  ['scatter', () => scatterBody(false)],
  ['scatterScaled', () => scatterBody(true)],
];

export type KernelName = 'gather' | 'gatherRelu' | 'gatherScaled' | 'gatherScaledRelu' | 'scatter' | 'scatterScaled';

/** The module: one memory (exported as `memory`) and the kernels above. */
export function gatherModuleBytes(): Uint8Array {
  const n = KERNELS.length;
  const type = section(1, [1, 0x60, 10, ...new Array<number>(10).fill(I32), 0]);
  const funcs = section(3, [n, ...new Array<number>(n).fill(0)]);
  const memory = section(5, [1, 0x00, 1]);
  const entries = KERNELS.flatMap(([k], f) => [...name(k), 0, ...leb(f)]);
  const exports = section(7, [...leb(n + 1), ...name('memory'), 2, 0, ...entries]);
  const bodies = KERNELS.flatMap(([, body]) => {
    const b = body();
    return [...leb(b.length), ...b];
  });
  const code = section(10, [...leb(n), ...bodies]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...funcs, ...memory, ...exports, ...code]);
}
