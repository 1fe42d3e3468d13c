/**
 * Training of one network, the loop of al_models.py's `KerasLikeNN.fit`: a seeded random validation split,
 * Adam over (shuffled) batches, a validation check every `checkEvery` epochs, early stopping after `patience`
 * checks without a lower validation loss, and the best checked weights restored at the end.
 *
 * Each purpose draws from its own stream of the member's seed (split, initial weights, batch order, dropout),
 * so changing, say, the dropout rate does not change the split or the initial weights.
 *
 * Without dropout every step's gradient is computed in shards (shard-team.ts), by this thread alone or with
 * helpers on other workers: the same weights either way. With dropout a step is one pass over the batch (its
 * masks come from one stream in row order), on this thread.
 */
import { createRng, type Rng } from '../../shared/rng.js';
import { adamStep, createAdam, KERAS_ADAM, type AdamSettings, type AdamState } from './adam.js';
import { backwardBatch, createGradients, type MlpGradients } from './backward-pass.js';
import { createWorkspace, forwardBatch, type DropoutDraw, type MlpWorkspace } from './forward-pass.js';
import type { MlpInput } from './mlp-input.js';
import { outputDelta, sumLoss } from './mlp-loss.js';
import { cloneNetwork, copyNetworkInto, initNetwork, l2Penalty, type MlpNetwork } from './mlp-network.js';
import type { MlpMember, MlpParams } from '../../shared/mlp-types.js';
import {
  createShardWorker,
  createTeamBuffer,
  stopTeam,
  teamGradient,
  teamViews,
  type ShardWorker,
  type Team,
} from './shard-team.js';

/** Training rows as network inputs, with their (standardised) targets in the same order. */
export interface MemberData {
  readonly input: MlpInput;
  readonly targets: Float64Array;
  readonly sizes: readonly number[];
}

interface Trainer {
  readonly net: MlpNetwork;
  readonly data: MemberData;
  readonly params: MlpParams;
  readonly ws: MlpWorkspace;
  /** The step's gradient with dropout (a team step's are the shards' slots, summed by adamStep); else null. */
  readonly grads: MlpGradients | null;
  readonly adam: AdamState;
  readonly settings: AdamSettings;
  readonly dropout: DropoutDraw | null;
  /** The sharded step's team and this thread's part in it; null with dropout. */
  readonly team: { readonly views: Team; readonly worker: ShardWorker } | null;
  readonly onCheck: MemberOptions['onCheck'];
}

/** Where a member's training starts: its initial weights and its split of the training positions. */
export interface MemberStart {
  readonly init: MlpNetwork;
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

export interface MemberOptions {
  /** From `createTeamBuffer(data.sizes, data.input.rows)`: shares the steps with helpers (`helpTeam`). */
  readonly teamBuffer?: SharedArrayBuffer | undefined;
  /** Called with each validation check's loss (the reference-parity harness's trace); changes nothing. */
  readonly onCheck?: ((epoch: number, loss: number) => void) | undefined;
  /** Told each epoch as it ends (progress only: it cannot change the training). */
  readonly onEpoch?: ((epoch: number) => void) | undefined;
}

/** The seeded start of a member: its split and initial weights, each from its own stream of `seed`. */
export function memberStart(data: MemberData, params: MlpParams, seed: number): MemberStart {
  const { train, validation } = splitRows(data.input.rows, params.validationFraction, createRng(seed, 'mlp-split'));
  return { init: initNetwork(data.sizes, createRng(seed, 'mlp-init')), train, validation };
}

/**
 * Trains one member; `teamBuffer` (from `createTeamBuffer(data.sizes, data.input.rows)`) shares its steps with
 * helpers (`helpTeam`), and a private one is made when none is given. Without dropout only. `onEpoch` is told
 * each epoch as it ends (progress only: it cannot change the training).
 */
export function trainMember(
  data: MemberData,
  params: MlpParams,
  seed: number,
  teamBuffer?: SharedArrayBuffer,
  onEpoch?: (epoch: number) => void,
): MlpMember {
  return trainMemberFrom(data, params, seed, memberStart(data, params, seed), { teamBuffer, onEpoch });
}

/**
 * Trains one member from a given start (weights and split; `start.init` is not modified). The campaign's
 * start is `memberStart`; the reference-parity test gives the reference's own, so the two can be compared
 * check by check.
 */
export function trainMemberFrom(
  data: MemberData,
  params: MlpParams,
  seed: number,
  start: MemberStart,
  options: MemberOptions = {},
): MlpMember {
  const { init, train, validation } = start;
  const capacity = Math.min(params.batchSize, Math.max(train.length, validation.length));
  const views =
    params.dropout > 0
      ? null
      : teamViews(options.teamBuffer ?? createTeamBuffer(data.sizes, data.input.rows), data.sizes, data.input.rows);
  const net = views === null ? cloneNetwork(init) : { sizes: init.sizes, weights: views.weights, biases: views.biases };
  if (views !== null) copyNetworkInto(init, net);
  const dropRng = createRng(seed, 'mlp-dropout');
  const trainer: Trainer = {
    net,
    data,
    params,
    ws: createWorkspace(data.sizes, capacity),
    grads: views === null ? createGradients(net, data.input, capacity) : null,
    adam: createAdam(net),
    settings: { ...KERAS_ADAM, lr: params.lr },
    dropout: params.dropout > 0 ? { rate: params.dropout, rngs: new Array<Rng>(capacity).fill(dropRng) } : null,
    team:
      views === null
        ? null
        : {
            views,
            worker: createShardWorker(views, data.sizes, data.input, data.targets, params.task, capacity),
          },
    onCheck: options.onCheck,
  };
  try {
    // The loop shuffles its training positions in place: a copy, so the caller's start stays as given.
    return trainLoop(trainer, seed, train.slice(), validation, options.onEpoch);
  } finally {
    if (views !== null) stopTeam(views.control);
  }
}

function trainLoop(
  trainer: Trainer,
  seed: number,
  train: Int32Array,
  validation: Int32Array,
  onEpoch: ((epoch: number) => void) | undefined,
): MlpMember {
  const { net, params } = trainer;
  const best = cloneNetwork(net);
  let bestLoss = Infinity;
  let bestEpoch: number | null = null;
  let wait = 0;
  let epochsRun = 0;
  const batchRng = createRng(seed, 'mlp-batches');
  for (let epoch = 1; epoch <= params.epochs; epoch++) {
    // One batch needs no shuffle: its gradient is the same sum in any order.
    if (train.length > params.batchSize) shuffle(train, batchRng);
    for (let s = 0; s < train.length; s += params.batchSize) {
      trainStep(trainer, train.subarray(s, Math.min(train.length, s + params.batchSize)));
    }
    epochsRun = epoch;
    onEpoch?.(epoch);
    if (validation.length === 0 || epoch % params.checkEvery !== 0) continue;
    const loss = validationLoss(trainer, validation);
    trainer.onCheck?.(epoch, loss);
    if (loss < bestLoss) {
      bestLoss = loss;
      bestEpoch = epoch;
      wait = 0;
      copyNetworkInto(net, best);
    } else if (++wait >= params.patience) {
      break;
    }
  }
  if (bestEpoch !== null) copyNetworkInto(best, net);
  // Copies: the team's views live in a buffer shared with other threads.
  return {
    seed,
    weights: trainer.team === null ? net.weights : net.weights.map((w) => w.slice()),
    biases: trainer.team === null ? net.biases : net.biases.map((b) => b.slice()),
    epochsRun,
    bestEpoch,
    bestValidationLoss: bestEpoch === null ? null : bestLoss,
  };
}

/** One Adam step on the mean loss of the batch (input positions `batch`) plus the L2 penalty. */
function trainStep(t: Trainer, batch: Int32Array): void {
  if (t.team !== null) {
    teamGradient(t.team.worker, t.team.views, batch);
    const [first, second] = t.team.worker.grads as [MlpGradients, MlpGradients];
    adamStep(t.net, first, t.adam, t.settings, t.params.l2, second);
    return;
  }
  const count = batch.length;
  const last = t.net.weights.length - 1;
  forwardBatch(t.net, t.data.input, batch, count, t.ws, t.dropout);
  outputDelta(t.params.task, t.ws.output, t.data.targets, batch, count, t.ws.deltas[last]!);
  const grads = t.grads!;
  backwardBatch(t.net, t.data.input, batch, count, t.ws, grads, t.params.dropout);
  adamStep(t.net, grads, t.adam, t.settings, t.params.l2);
}

/** Mean data loss over the validation rows (no dropout) plus the penalty, as Keras' `val_loss`. */
function validationLoss(t: Trainer, validation: Int32Array): number {
  let sum = 0;
  for (let s = 0; s < validation.length; s += t.ws.capacity) {
    const chunk = validation.subarray(s, Math.min(validation.length, s + t.ws.capacity));
    forwardBatch(t.net, t.data.input, chunk, chunk.length, t.ws, null);
    sum += sumLoss(t.params.task, t.ws.output, t.data.targets, chunk, chunk.length);
  }
  return sum / validation.length + l2Penalty(t.net, t.params.l2);
}

/**
 * A random permutation of [0, n) cut into the first ⌊n(1 - fraction)⌋ (at least one) training positions and
 * the rest for validation, as al_models.py's `shuf=1` split.
 */
export function splitRows(n: number, fraction: number, rng: Rng): { train: Int32Array; validation: Int32Array } {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (fraction === 0) return { train: order, validation: new Int32Array(0) };
  shuffle(order, rng);
  const cut = Math.max(1, Math.floor(n * (1 - fraction)));
  return { train: order.slice(0, cut), validation: order.slice(cut) };
}

/** Fisher-Yates, in place. */
function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
}
