/**
 * Messages between the main thread and the engine workers: discriminated unions, plain data only.
 * Errors come back as `SerializedError` data (class identity does not survive `postMessage`).
 */
import type { SerializedError } from './errors.js';
import type { FeatureMatrix, FeaturizerSpec } from './features.js';
import type { ForestParams, ForestPrediction, SerializedForest } from './forest-types.js';
import type { MlpParams, MlpPrediction, SerializedMlp } from './mlp-types.js';

/** Failure injection for demos and tests (decided on the main thread from the seed). */
export interface InjectedFailure {
  /** Exhaust the worker's V8 heap. */
  readonly oom?: boolean;
  /** Block the worker this long (ms), past any sensible timeout. */
  readonly hangMs?: number;
  /** Reject the task as bad input naming these positions. */
  readonly badItems?: readonly number[];
}

export interface FeaturizeTask {
  readonly type: 'featurize';
  readonly smiles: readonly string[];
  readonly spec: FeaturizerSpec;
  readonly inject?: InjectedFailure;
}
export interface FeaturizeTaskResult {
  readonly type: 'featurize';
  readonly matrix: FeatureMatrix;
  readonly valid: Uint8Array;
  readonly errors: readonly { index: number; smiles: string; message: string }[];
}

export interface TrainTask {
  readonly type: 'train';
  readonly X: FeatureMatrix;
  readonly rows: Int32Array;
  readonly y: Float64Array;
  readonly params: ForestParams;
  /** This task trains trees [firstTree, firstTree + params.trees). */
  readonly firstTree: number;
  readonly inject?: InjectedFailure;
}
export interface TrainTaskResult {
  readonly type: 'train';
  readonly forest: SerializedForest;
}

export interface PredictTask {
  readonly type: 'predict';
  readonly forest: SerializedForest;
  readonly X: FeatureMatrix;
  readonly rows: Int32Array;
}
export interface PredictTaskResult extends ForestPrediction {
  readonly type: 'predict';
}

export interface TrainMlpTask {
  readonly type: 'train-mlp';
  readonly X: FeatureMatrix;
  readonly rows: Int32Array;
  readonly y: Float64Array;
  /** The whole model's params; the task trains one member (`ensemble` is ignored). */
  readonly params: MlpParams;
  /** The member this task trains (its seed is `memberSeed(params.seed, member)`). */
  readonly member: number;
  /** A team buffer shared with `help-train-mlp` tasks (one member, no dropout; see shard-team.ts). */
  readonly team?: SharedArrayBuffer;
  /**
   * A step counter (src/shared/step-counter.ts, one slot per member) where the worker stores this member's
   * epochs as they end, for the progress line. Shared memory: only on this process's pools (a remote task
   * goes without it); it never changes the result.
   */
  readonly epochCounter?: SharedArrayBuffer;
  readonly inject?: InjectedFailure;
}
/** Computes part of every step of the `train-mlp` task with the same inputs and team, until it ends. */
export interface HelpTrainMlpTask {
  readonly type: 'help-train-mlp';
  readonly X: FeatureMatrix;
  readonly rows: Int32Array;
  readonly y: Float64Array;
  readonly params: MlpParams;
  readonly team: SharedArrayBuffer;
}
export interface HelpTrainMlpTaskResult {
  readonly type: 'help-train-mlp';
  /** Shards this task computed (0 when it started after the training had ended). */
  readonly shards: number;
}
export interface TrainMlpTaskResult {
  readonly type: 'train-mlp';
  /** A one-member network, to be merged in member order (`mergeMlps`). */
  readonly mlp: SerializedMlp;
}

export interface PredictMlpTask {
  readonly type: 'predict-mlp';
  readonly mlp: SerializedMlp;
  readonly X: FeatureMatrix;
  readonly rows: Int32Array;
  /** Monte-Carlo dropout passes per member (used only when the network has dropout). */
  readonly mcPasses: number;
}
export interface PredictMlpTaskResult extends MlpPrediction {
  readonly type: 'predict-mlp';
}

export interface DesirabilityTask {
  readonly type: 'desirability';
  readonly smiles: readonly string[];
}
export interface DesirabilityTaskResult {
  readonly type: 'desirability';
  readonly values: Float64Array;
  readonly errors: readonly { index: number; smiles: string; message: string }[];
}

export type WorkerTask =
  FeaturizeTask | TrainTask | PredictTask | TrainMlpTask | HelpTrainMlpTask | PredictMlpTask | DesirabilityTask;
export type WorkerTaskResult =
  | FeaturizeTaskResult
  | TrainTaskResult
  | PredictTaskResult
  | TrainMlpTaskResult
  | HelpTrainMlpTaskResult
  | PredictMlpTaskResult
  | DesirabilityTaskResult;

/** The result type that goes with a task type. */
export type ResultFor<T extends WorkerTask> = Extract<WorkerTaskResult, { type: T['type'] }>;

/** What a worker posts back: never a thrown error, always data. */
export type WorkerReply<R> =
  | { readonly ok: true; readonly value: R; readonly stats: TaskStats }
  | { readonly ok: false; readonly error: SerializedError; readonly stats: TaskStats };

export interface TaskStats {
  /**
   * When the task's code started, ms since the epoch with sub-ms resolution
   * (`performance.timeOrigin + performance.now()`).
   */
  readonly startedAt: number;
  readonly ms: number;
  /** V8 heap used at the end of the task, bytes. */
  readonly heapUsed: number;
  /** CPU time of the worker's thread during the task (ms; `threadCpuNs`), null where the platform does not tell. */
  readonly cpuMs?: number | null;
  /**
   * On a worker's first reply: its boot-time engine initialisation (loading RDKit), which ran before the
   * worker took tasks. Engine time, not dispatch.
   */
  readonly warmup?: { readonly startedAt: number; readonly ms: number };
}
