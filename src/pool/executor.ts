/**
 * The Executor seam: where a stage's engine tasks run. Stages and the code behind the other seams (the
 * feature store, surrogates, oracles) cut their work into tasks and hand them to an `Exec`; what runs
 * them (the local Piscina pools under the supervisor today, a remote queue or a batch scheduler later)
 * is the executor's business alone.
 */
import type { ResultFor, WorkerTask } from '../shared/tasks.js';
import type { LimitStage, Stage } from '../shared/vocabulary.js';
import type { RecordTask } from './dispatch-meter.js';
import type { ItemRunContext, SupervisedResult, TaskKind } from './supervisor.js';
import type { TaskOutcome } from './worker-pool.js';

/** The engine context of one stage run: its generation, its abort signal, and how to run its tasks. */
export interface Exec {
  readonly generation: number;
  readonly signal?: AbortSignal;
  /** A stage fails when more than this share of its work fails after retries. */
  readonly maxFailureRate: number;
  /** Tasks of `stage` that can run at once: how many pieces its work is worth cutting into. */
  threads(stage: LimitStage): number;
  /**
   * One engine call of a stage (a fan-out of tasks and the merge of their results), metered for
   * dispatch time: task callbacks pass each reply's `stats` to `record`.
   */
  call<T>(stage: Stage | 'oracle', kind: TaskKind, body: (record: RecordTask) => Promise<T>): Promise<T>;
  /**
   * Work over item indices under `stage`'s retry profile: each attempt runs `run` on some of the items;
   * what still fails after the retries comes back as failed items.
   */
  supervise<R>(
    stage: Stage | 'oracle',
    kind: TaskKind,
    items: readonly number[],
    run: (items: readonly number[], ctx: ItemRunContext) => Promise<{ value: R; heapUsed?: number }>,
  ): Promise<SupervisedResult<R>>;
  /**
   * A step counter (src/shared/step-counter.ts) for the running engine call of `stage`/`kind`: `items` slots
   * (one per item of the call, e.g. an ensemble's networks) of at most `perItem` steps each, which its tasks
   * write and the executor reports with the call's progress until the call ends. Call it in the call's body,
   * once. Null (or absent) where nobody watches, or where the stage's tasks run in another process (shared
   * memory does not travel): then the tasks go without one, and their results are the same.
   */
  countSteps?(stage: LimitStage, kind: TaskKind, items: number, perItem: number): SharedArrayBuffer | null;
  /** One task attempt on an engine worker of `stage`. */
  run<T extends WorkerTask>(stage: LimitStage, task: T, signal: AbortSignal): Promise<TaskOutcome<ResultFor<T>>>;
}

export interface Executor {
  /** The context for one run of a stage in `generation`, cancelled by `signal`. */
  context(generation: number, signal?: AbortSignal): Exec;
}
