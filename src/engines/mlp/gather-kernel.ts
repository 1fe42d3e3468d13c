/**
 * The network's hot loops in WebAssembly SIMD (kernels in gather-wasm.ts), float32 in four lanes as the
 * reference's float32 numpy products, each sum in a fixed order (so the same on every run and thread):
 *   - first layer, bits: the forward gather-sum of W1's rows over each row's on-bits, and the weight gradient
 *     as a scatter of each row's deltas into the rows of its on-bits (batch order per weight);
 *   - hidden layers: the forward sum of W's rows scaled by the row's non-zero (ReLU) inputs, the weight
 *     gradient scattered the same way, and the back-propagation as a gather of Wᵀ's rows scaled by the deltas.
 *
 * Measured before choosing, on the loaded 2-core host: the first layer's gather took 0.06-0.23× the time of the
 * eight-rows-a-sweep JavaScript kernel (float64 sums) in interleaved runs (2,000 rows × 80 on-bits × 100
 * units); see bench/README.md for whole trainings.
 *
 * One module instance per thread, with its own memory: arguments are copied in and results out, except the
 * input's on-bit list, kept at offset 0 between calls (training reuses one input for every step; MlpInput's
 * arrays are never written after they are built). Layers whose widths are not multiples of 4 stay in
 * JavaScript (`simdWidth`).
 */
import { gatherModuleBytes, type KernelName } from './gather-wasm.js';

type Kernel = (
  src: number,
  stride: number,
  list: number,
  values: number,
  ranges: number,
  count: number,
  init: number,
  out: number,
  outStride: number,
  bytes: number,
) => void;

/** The part of the WebAssembly API used here (the project's TypeScript libs declare no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Instance {
  readonly memory: WasmMemory;
  readonly kernels: Record<KernelName, Kernel>;
  /** The on-bit list now at offset 0. */
  list: Int32Array | null;
  listBytes: number;
}

let instance: Instance | null = null;

function kernelInstance(): Instance {
  if (instance !== null) return instance;
  const exports = new wasm.Instance(new wasm.Module(gatherModuleBytes()), {}).exports;
  const kernel = (name: KernelName) => exports[name] as Kernel;
  instance = {
    memory: exports.memory as WasmMemory,
    kernels: {
      gather: kernel('gather'),
      gatherRelu: kernel('gatherRelu'),
      gatherScaled: kernel('gatherScaled'),
      gatherScaledRelu: kernel('gatherScaledRelu'),
      scatter: kernel('scatter'),
      scatterScaled: kernel('scatterScaled'),
    },
    list: null,
    listBytes: 0,
  };
  return instance;
}

/** Whether a layer of `width` units runs here (four float32 lanes per vector). */
export function simdWidth(width: number): boolean {
  return width > 0 && width % 4 === 0;
}

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Scratch regions after the cached list: `layout(sizes in bytes)` gives their offsets, memory grown to fit. */
function layout(inst: Instance, bytes: readonly number[]): number[] {
  const at: number[] = [];
  let end = inst.listBytes;
  for (const b of bytes) {
    at.push(end);
    end += align(b);
  }
  const have = inst.memory.buffer.byteLength;
  // Growing keeps the memory's contents, the cached list with them.
  if (end > have) inst.memory.grow(Math.ceil((end - have) / 65536));
  return at;
}

/** Puts `index` at offset 0 unless it is there already. */
function useList(inst: Instance, index: Int32Array): void {
  if (inst.list === index) return;
  inst.list = null;
  inst.listBytes = 0;
  const [at] = layout(inst, [index.length * 4]);
  new Int32Array(inst.memory.buffer, at, index.length).set(index);
  inst.list = index;
  inst.listBytes = align(index.length * 4);
}

/** ranges[2i], ranges[2i + 1] = the on-bit span of input row positions[i]. */
function rowRanges(inst: Instance, at: number, offsets: Int32Array, positions: Int32Array, count: number): void {
  const ranges = new Int32Array(inst.memory.buffer, at, count * 2);
  for (let i = 0; i < count; i++) {
    const row = positions[i]!;
    ranges[2 * i] = offsets[row]!;
    ranges[2 * i + 1] = offsets[row + 1]!;
  }
}

/** out[i, :] = relu(b + Σ W1[index[p], :]) over input row positions[i]'s on-bits; `out` is count × width. */
export function simdFirstLayer(
  offsets: Int32Array,
  index: Int32Array,
  positions: Int32Array,
  count: number,
  W: Float32Array,
  b: Float32Array,
  width: number,
  out: Float32Array,
): void {
  const inst = kernelInstance();
  useList(inst, index);
  const [wAt, bAt, rangesAt, outAt] = layout(inst, [W.length * 4, width * 4, count * 8, count * width * 4]);
  const buffer = inst.memory.buffer;
  new Float32Array(buffer, wAt, W.length).set(W);
  new Float32Array(buffer, bAt, width).set(b.subarray(0, width));
  rowRanges(inst, rangesAt!, offsets, positions, count);
  inst.kernels.gatherRelu(wAt!, width * 4, 0, 0, rangesAt!, count, bAt!, outAt!, width * 4, width * 4);
  out.set(new Float32Array(buffer, outAt, count * width));
}

/** dW1 = Σ_i over row positions[i]'s on-bits k: dW1[k, :] += d[i, :] (`d` count × width, dW1 inputs × width). */
export function simdFirstLayerBitsGradient(
  offsets: Int32Array,
  index: Int32Array,
  positions: Int32Array,
  count: number,
  d: Float32Array,
  width: number,
  dW: Float32Array,
): void {
  const inst = kernelInstance();
  useList(inst, index);
  const [dAt, rangesAt, outAt] = layout(inst, [count * width * 4, count * 8, dW.length * 4]);
  const buffer = inst.memory.buffer;
  new Float32Array(buffer, dAt, count * width).set(d.subarray(0, count * width));
  rowRanges(inst, rangesAt!, offsets, positions, count);
  const out = new Float32Array(buffer, outAt, dW.length);
  out.fill(0);
  inst.kernels.scatter(dAt!, width * 4, 0, 0, rangesAt!, count, 0, outAt!, width * 4, width * 4);
  dW.set(out);
}

/**
 * Lists each row's non-zero entries of `a` (count × n, row-major) as (column, value) at listAt/valuesAt and
 * their spans at rangesAt; the number listed.
 */
function listNonZeros(
  inst: Instance,
  a: Float32Array,
  count: number,
  n: number,
  at: { list: number; values: number; ranges: number },
): void {
  const buffer = inst.memory.buffer;
  const list = new Int32Array(buffer, at.list, count * n);
  const values = new Float32Array(buffer, at.values, count * n);
  const ranges = new Int32Array(buffer, at.ranges, count * 2);
  let c = 0;
  for (let i = 0; i < count; i++) {
    ranges[2 * i] = c;
    const base = i * n;
    for (let k = 0; k < n; k++) {
      const v = a[base + k]!;
      if (v === 0) continue;
      list[c] = k;
      values[c++] = v;
    }
    ranges[2 * i + 1] = c;
  }
}

/** out[i, :] = relu(b + Σ_k h[i, k] · W[k, :]) over the row's non-zero h (h count × nIn, W nIn × nOut). */
export function simdDenseLayer(
  h: Float32Array,
  count: number,
  nIn: number,
  W: Float32Array,
  b: Float32Array,
  nOut: number,
  out: Float32Array,
): void {
  const inst = kernelInstance();
  const sizes = [count * nIn * 4, count * nIn * 4, count * 8, W.length * 4, nOut * 4, count * nOut * 4];
  const [listAt, valuesAt, rangesAt, wAt, bAt, outAt] = layout(inst, sizes);
  listNonZeros(inst, h, count, nIn, { list: listAt!, values: valuesAt!, ranges: rangesAt! });
  const buffer = inst.memory.buffer;
  new Float32Array(buffer, wAt, W.length).set(W);
  new Float32Array(buffer, bAt, nOut).set(b.subarray(0, nOut));
  const stride = nOut * 4;
  inst.kernels.gatherScaledRelu(wAt!, stride, listAt!, valuesAt!, rangesAt!, count, bAt!, outAt!, stride, stride);
  out.set(new Float32Array(buffer, outAt, count * nOut));
}

/** dW[k, :] = Σ_i h[i, k] · d[i, :] over the rows where h[i, k] ≠ 0, in row order (dW nIn × nOut). */
export function simdWeightGradient(
  h: Float32Array,
  d: Float32Array,
  count: number,
  nIn: number,
  nOut: number,
  dW: Float32Array,
): void {
  const inst = kernelInstance();
  const sizes = [count * nIn * 4, count * nIn * 4, count * 8, count * nOut * 4, nIn * nOut * 4];
  const [listAt, valuesAt, rangesAt, dAt, outAt] = layout(inst, sizes);
  listNonZeros(inst, h, count, nIn, { list: listAt!, values: valuesAt!, ranges: rangesAt! });
  const buffer = inst.memory.buffer;
  new Float32Array(buffer, dAt, count * nOut).set(d.subarray(0, count * nOut));
  const out = new Float32Array(buffer, outAt, nIn * nOut);
  out.fill(0);
  const stride = nOut * 4;
  inst.kernels.scatterScaled(dAt!, stride, listAt!, valuesAt!, rangesAt!, count, 0, outAt!, stride, stride);
  dW.set(out);
}

/**
 * dPrev[i, k] = [h[i, k] > 0] · keepScale · Σ_j d[i, j] · W[k, j]: the rows of Wᵀ summed, scaled by the row's
 * non-zero deltas, then masked by the ReLU (h count × nIn, d count × nOut, W nIn × nOut).
 */
export function simdPropagate(
  d: Float32Array,
  h: Float32Array,
  count: number,
  nIn: number,
  nOut: number,
  W: Float32Array,
  keepScale: number,
  dPrev: Float32Array,
): void {
  const inst = kernelInstance();
  const sizes = [count * nOut * 4, count * nOut * 4, count * 8, W.length * 4, nIn * 4, count * nIn * 4];
  const [listAt, valuesAt, rangesAt, wtAt, zerosAt, outAt] = layout(inst, sizes);
  listNonZeros(inst, d, count, nOut, { list: listAt!, values: valuesAt!, ranges: rangesAt! });
  const buffer = inst.memory.buffer;
  const wt = new Float32Array(buffer, wtAt, W.length);
  for (let k = 0; k < nIn; k++) for (let j = 0; j < nOut; j++) wt[j * nIn + k] = W[k * nOut + j]!;
  new Float32Array(buffer, zerosAt, nIn).fill(0);
  const stride = nIn * 4;
  inst.kernels.gatherScaled(wtAt!, stride, listAt!, valuesAt!, rangesAt!, count, zerosAt!, outAt!, stride, stride);
  const sums = new Float32Array(buffer, outAt, count * nIn);
  for (let q = 0; q < count * nIn; q++) dPrev[q] = h[q]! > 0 ? sums[q]! * keepScale : 0;
}
