/**
 * Data-parallel training of one network: each Adam step's batch is cut into SHARDS fixed row ranges, every
 * shard's gradient is computed into its own slot of a SharedArrayBuffer, and the leader's (the member's
 * training task) Adam step sums the slots in shard order. The cut depends on the batch alone, and
 * the sum order is fixed, so the weights are the same whoever computed which shard: the leader alone (one
 * thread, or a helper that never started) or with a helper on another worker.
 *
 * Protocol, on the team buffer's control words (Atomics; the data written before a store is visible after
 * the load that sees it):
 *   - the leader publishes a step: weights (in the buffer), the batch positions and COUNT, then every shard
 *     state FREE, then bumps STEP and notifies;
 *   - leader and helpers claim FREE shards by compare-exchange (FREE → CLAIMED), compute, store DONE;
 *   - the leader never waits for an unclaimed shard (it claims it itself), only for one a helper is
 *     computing; if the main thread marks the helper GONE (its task ended), the leader recomputes it;
 *   - STOP (set by the leader when it returns, and by the main thread when the leader's task ends) ends
 *     helpers. A helper that starts after the leader has finished sees STOP and returns at once.
 */
import type { MlpGradients } from './backward-pass.js';
import { backwardBatch, createGradients } from './backward-pass.js';
import { createWorkspace, forwardBatch, type MlpWorkspace } from './forward-pass.js';
import type { MlpInput } from './mlp-input.js';
import { outputDelta } from './mlp-loss.js';
import type { MlpNetwork } from './mlp-network.js';
import type { ModelTask } from '../../shared/forest-types.js';

/** Shards per step (fixed: the weights must not depend on the number of threads; adamStep sums two). */
export const SHARDS = 2;

const STEP = 0;
const STOP = 1;
const GONE = 2;
const COUNT = 3;
const STATE = 4;
const CONTROL_BYTES = 64;

const FREE = 0;
const CLAIMED = 1;
const DONE = 2;

/** Views of a team buffer: control words, the network's parameters, the batch and the shards' gradients. */
export interface Team {
  readonly control: Int32Array;
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  readonly positions: Int32Array;
  readonly shards: readonly { readonly weights: Float32Array[]; readonly biases: Float32Array[] }[];
}

function shapes(sizes: readonly number[]): { weights: number[]; biases: number[] } {
  const weights: number[] = [];
  const biases: number[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    weights.push(sizes[l]! * sizes[l + 1]!);
    biases.push(sizes[l + 1]!);
  }
  return { weights, biases };
}

/** Bytes of the team buffer for a network of `sizes` trained on batches of up to `rows` rows. */
export function teamBytes(sizes: readonly number[], rows: number): number {
  const { weights, biases } = shapes(sizes);
  const params = [...weights, ...biases].reduce((a, b) => a + b, 0);
  return CONTROL_BYTES + SHARDS * params * 4 + params * 4 + Math.ceil((rows * 4) / 8) * 8;
}

/** A team buffer for the main thread to share between the leader and its helpers (every shard DONE). */
export function createTeamBuffer(sizes: readonly number[], rows: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(teamBytes(sizes, rows));
  new Int32Array(buffer, 0, STATE + SHARDS).fill(DONE, STATE);
  return buffer;
}

export function teamViews(buffer: SharedArrayBuffer, sizes: readonly number[], rows: number): Team {
  if (buffer.byteLength < teamBytes(sizes, rows)) throw new RangeError('mlp: team buffer too small for the network');
  const { weights, biases } = shapes(sizes);
  let at = CONTROL_BYTES;
  const f32 = (n: number) => {
    const v = new Float32Array(buffer, at, n);
    at += n * 4;
    return v;
  };
  const shards = Array.from({ length: SHARDS }, () => ({ weights: weights.map(f32), biases: biases.map(f32) }));
  return {
    control: new Int32Array(buffer, 0, STATE + SHARDS),
    shards,
    weights: weights.map(f32),
    biases: biases.map(f32),
    positions: new Int32Array(buffer, at, rows),
  };
}

/** What a thread needs to compute shards: the shared network, its own inputs, scratch and shard gradients. */
export interface ShardWorker {
  readonly task: ModelTask;
  readonly net: MlpNetwork;
  readonly input: MlpInput;
  readonly targets: Float64Array;
  readonly ws: MlpWorkspace;
  readonly grads: readonly MlpGradients[];
}

export function createShardWorker(
  team: Team,
  sizes: readonly number[],
  input: MlpInput,
  targets: Float64Array,
  task: ModelTask,
  capacity: number,
): ShardWorker {
  const net: MlpNetwork = { sizes: [...sizes], weights: team.weights, biases: team.biases };
  const shardCapacity = Math.max(1, Math.ceil(capacity / SHARDS));
  const grads = team.shards.map((s) => createGradients(net, input, shardCapacity, s));
  return { task, net, input, targets, ws: createWorkspace(sizes, shardCapacity), grads };
}

/** Rows [start, end) of the batch that shard c covers. */
export function shardRange(count: number, c: number): [number, number] {
  return [Math.floor((count * c) / SHARDS), Math.floor((count * (c + 1)) / SHARDS)];
}

/** Shard c's share of the batch gradient (the loss is the whole batch's mean) into its slot. */
function computeShard(w: ShardWorker, team: Team, c: number): void {
  const count = Atomics.load(team.control, COUNT);
  const [start, end] = shardRange(count, c);
  const positions = team.positions.subarray(start, end);
  const n = end - start;
  const last = w.net.weights.length - 1;
  forwardBatch(w.net, w.input, positions, n, w.ws, null);
  outputDelta(w.task, w.ws.output, w.targets, positions, n, w.ws.deltas[last]!, count);
  backwardBatch(w.net, w.input, positions, n, w.ws, w.grads[c]!, 0);
}

/**
 * Claims and computes every FREE shard (helpers from the last, so that they rarely contend with the leader);
 * the number it computed.
 */
function claimShards(w: ShardWorker, team: Team, fromLast: boolean): number {
  let computed = 0;
  for (let i = 0; i < SHARDS; i++) {
    const c = fromLast ? SHARDS - 1 - i : i;
    if (Atomics.compareExchange(team.control, STATE + c, FREE, CLAIMED) !== FREE) continue;
    computeShard(w, team, c);
    Atomics.store(team.control, STATE + c, DONE);
    Atomics.notify(team.control, STATE + c);
    computed++;
  }
  return computed;
}

/**
 * The leader's step: publish the batch, compute shards, wait for the helpers' shards. The step's gradient is
 * then the sum of the shards' slots `w.grads` in shard order (the Adam step adds the two as it reads them).
 */
export function teamGradient(w: ShardWorker, team: Team, batch: Int32Array): void {
  const { control } = team;
  team.positions.set(batch);
  Atomics.store(control, COUNT, batch.length);
  for (let c = 0; c < SHARDS; c++) Atomics.store(control, STATE + c, FREE);
  Atomics.add(control, STEP, 1);
  Atomics.notify(control, STEP);
  claimShards(w, team, false);
  for (let c = 0; c < SHARDS; c++) {
    for (;;) {
      if (Atomics.load(control, STATE + c) === DONE) break;
      if (Atomics.load(control, GONE) === 1 && Atomics.compareExchange(control, STATE + c, CLAIMED, FREE) === CLAIMED) {
        claimShards(w, team, false);
        continue;
      }
      Atomics.wait(control, STATE + c, CLAIMED, 50);
    }
  }
}

/** Ends the helpers (the leader when it returns; the main thread when the leader's task ends). */
export function stopTeam(control: Int32Array): void {
  Atomics.store(control, STOP, 1);
  Atomics.add(control, STEP, 1);
  Atomics.notify(control, STEP);
}

/** The main thread's word that a helper's task ended: the leader recomputes any shard it had claimed. */
export function markHelperGone(control: Int32Array): void {
  Atomics.store(control, GONE, 1);
  for (let c = 0; c < SHARDS; c++) Atomics.notify(control, STATE + c);
}

/** The control words of a team buffer (for the main thread's stopTeam / markHelperGone). */
export function teamControl(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, STATE + SHARDS);
}

/** A helper's loop: compute whatever shards are free, sleep until the next step, until STOP. Shards computed. */
export function helpTeam(w: ShardWorker, team: Team): number {
  const { control } = team;
  let computed = 0;
  for (;;) {
    const step = Atomics.load(control, STEP);
    if (Atomics.load(control, STOP) === 1) return computed;
    computed += claimShards(w, team, true);
    Atomics.wait(control, STEP, step, 200);
  }
}
