/**
 * Adam's float32 update (adam.ts) as one WebAssembly SIMD kernel, four lanes of f32x4 arithmetic: every
 * operation an IEEE float32 one, so the result is bit for bit that of the same operations each rounded with
 * Math.fround, at a fraction of the cost (JavaScript has no float32 arithmetic: each fround is a conversion).
 *
 *   adam(p, g, h, m, v, bytes, decay, b1, c1, b2, c2, lrT, eps), offsets in bytes (h unused), for each lane group:
 *     grad = g + decay·p;  m = b1·m + c1·grad;  v = b2·v + (c2·grad)·grad;  p = p - (lrT·m) / (sqrt(v) + eps)
 *   adamSum(...) the same with grad = (g + h) + decay·p: the two shards of a team step (shard-team.ts) summed
 *     in the update's own pass, instead of a JavaScript pass over the parameters before it (about a tenth of
 *     the leader's training time in a profiled campaign, during which the helper waited).
 *
 * One module instance per Adam state (its own memory): the moments live there between steps, and only the
 * parameters and gradients are copied in, the parameters out.
 */
import { leb, name, section } from './gather-wasm.js';

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const [BLOCK_OP, LOOP, BR, BR_IF, END] = [0x02, 0x03, 0x0c, 0x0d, 0x0b];
const [LOCAL_GET, LOCAL_SET, LOCAL_TEE, I32_CONST, I32_GE_U, I32_ADD] = [0x20, 0x21, 0x22, 0x41, 0x4f, 0x6a];
const SIMD = 0xfd;
const [V128_LOAD, V128_STORE, F32X4_SPLAT] = [0x00, 0x0b, 0x13];
const [F32X4_SQRT, F32X4_ADD, F32X4_SUB, F32X4_MUL, F32X4_DIV] = [0xe3, 0xe4, 0xe5, 0xe6, 0xe7];

const get = (l: number) => [LOCAL_GET, ...leb(l)];
const set = (l: number) => [LOCAL_SET, ...leb(l)];
const tee = (l: number) => [LOCAL_TEE, ...leb(l)];
const op = (code: number) => [SIMD, ...leb(code)];
const vload = [...op(V128_LOAD), 4, 0];
const vstore = [...op(V128_STORE), 4, 0];

// Parameters: six i32 (offsets, bytes), seven f32 (constants); locals: J, then the splat constants and four
// working vectors.
const [P, G, H, M, V, BYTES] = [0, 1, 2, 3, 4, 5];
const OFFSETS = 6;
const FIRST_CONSTANT = OFFSETS;
const CONSTANTS = 7;
const J = OFFSETS + CONSTANTS;
const SPLAT = J + 1; // SPLAT + c: constant c in four lanes
const [DEC, B1, C1, B2, C2, LRT, EPS] = [SPLAT, SPLAT + 1, SPLAT + 2, SPLAT + 3, SPLAT + 4, SPLAT + 5, SPLAT + 6];
const [PQ, GRAD, MQ, VQ] = [SPLAT + 7, SPLAT + 8, SPLAT + 9, SPLAT + 10];

/** The address base + J. */
const at = (base: number) => [...get(base), ...get(J), I32_ADD];

/** The body of `adam` (`sum` false: the gradient is g) or `adamSum` (g + h, one float32 add, then the rest). */
function adamBody(sum: boolean): number[] {
  const body = [2, 1, I32, CONSTANTS + 4, V128];
  for (let c = 0; c < CONSTANTS; c++) body.push(...get(FIRST_CONSTANT + c), ...op(F32X4_SPLAT), ...set(SPLAT + c));
  body.push(I32_CONST, 0, ...set(J));
  const step = [
    ...at(P),
    ...vload,
    ...set(PQ),
    ...at(G),
    ...vload,
    ...(sum ? [...at(H), ...vload, ...op(F32X4_ADD)] : []),
    ...[...get(DEC), ...get(PQ), ...op(F32X4_MUL), ...op(F32X4_ADD), ...set(GRAD)],
    ...[...at(M), ...get(B1), ...at(M), ...vload, ...op(F32X4_MUL)],
    ...[...get(C1), ...get(GRAD), ...op(F32X4_MUL), ...op(F32X4_ADD), ...tee(MQ), ...vstore],
    ...[...at(V), ...get(B2), ...at(V), ...vload, ...op(F32X4_MUL), ...get(C2), ...get(GRAD), ...op(F32X4_MUL)],
    ...[...get(GRAD), ...op(F32X4_MUL), ...op(F32X4_ADD), ...tee(VQ), ...vstore],
    ...[...at(P), ...get(PQ), ...get(LRT), ...get(MQ), ...op(F32X4_MUL)],
    ...[...get(VQ), ...op(F32X4_SQRT), ...get(EPS), ...op(F32X4_ADD), ...op(F32X4_DIV), ...op(F32X4_SUB), ...vstore],
    ...[...get(J), I32_CONST, 16, I32_ADD, ...set(J)],
  ];
  const exit = [...get(J), ...get(BYTES), I32_GE_U, BR_IF, 1];
  body.push(BLOCK_OP, 0x40, LOOP, 0x40, ...exit, ...step, BR, 0, END, END, END);
  return body;
}

/** The module: a memory (exported as `memory`), `adam` and `adamSum`, of one type. */
function adamModuleBytes(): Uint8Array {
  const type = section(1, [
    1,
    0x60,
    OFFSETS + CONSTANTS,
    ...new Array<number>(OFFSETS).fill(I32),
    ...new Array<number>(CONSTANTS).fill(F32),
    0,
  ]);
  const funcs = section(3, [2, 0, 0]);
  const memory = section(5, [1, 0x00, 1]);
  const exports = section(7, [3, ...name('memory'), 2, 0, ...name('adam'), 0, 0, ...name('adamSum'), 0, 1]);
  const bodies = [adamBody(false), adamBody(true)].flatMap((b) => [...leb(b.length), ...b]);
  const code = section(10, [2, ...bodies]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...funcs, ...memory, ...exports, ...code]);
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let compiled: object | null = null;

type AdamFn = (p: number, g: number, h: number, m: number, v: number, bytes: number, ...constants: number[]) => void;

/** Adam's moments for tensors of `lengths` elements, in a kernel instance's memory, and the kernel. */
export interface AdamKernel {
  readonly m: Float32Array[];
  readonly v: Float32Array[];
  /**
   * One update of tensor t with the gradient g (or g + h, summed in float32): the arrays are copied in, the
   * lanes of whole groups of four updated, `p` copied out.
   */
  update(t: number, p: Float32Array, g: Float32Array, h: Float32Array | null, constants: readonly number[]): void;
}

const align = (elements: number) => Math.ceil((elements * 4) / 16) * 16;

export function createAdamKernel(lengths: readonly number[]): AdamKernel {
  compiled ??= new wasm.Module(adamModuleBytes());
  const exports = new wasm.Instance(compiled, {}).exports;
  const memory = exports.memory as { readonly buffer: ArrayBuffer; grow(pages: number): number };
  const adam = exports.adam as AdamFn;
  const adamSum = exports.adamSum as AdamFn;
  const widest = align(Math.max(...lengths));
  const moments = lengths.reduce((sum, n) => sum + 2 * align(n), 0);
  memory.grow(Math.ceil((moments + 3 * widest) / 65536));
  // Views made after the one grow: they stay attached (the memory never grows again).
  const buffer = memory.buffer;
  let end = 0;
  const view = (n: number, bytes: number) => {
    const a = new Float32Array(buffer, end, n);
    end += bytes;
    return a;
  };
  const m = lengths.map((n) => view(n, align(n)));
  const v = lengths.map((n) => view(n, align(n)));
  const pAt = end;
  const gAt = end + widest;
  const hAt = end + 2 * widest;
  const pIn = new Float32Array(buffer, pAt, widest / 4);
  const gIn = new Float32Array(buffer, gAt, widest / 4);
  const hIn = new Float32Array(buffer, hAt, widest / 4);
  return {
    m,
    v,
    update(t, p, g, h, constants) {
      const bytes = Math.floor(p.length / 4) * 16;
      if (bytes === 0) return;
      const n = bytes / 4;
      pIn.set(p.subarray(0, n));
      gIn.set(g.subarray(0, n));
      if (h !== null) hIn.set(h.subarray(0, n));
      (h === null ? adam : adamSum)(pAt, gAt, hAt, m[t]!.byteOffset, v[t]!.byteOffset, bytes, ...constants);
      p.set(pIn.subarray(0, n));
    },
  };
}
