/**
 * A remote task: one unit of work that runs in another process, on this machine or another (a SLURM
 * array task, a BullMQ worker), as plain data that `v8.serialize` can carry. Either an engine task (what a
 * Piscina worker would run) or one chunk of the command oracle (one program run on some molecules).
 *
 * What runs remote tasks (SLURM, BullMQ) implements `RemoteRunner`: the stages never see it, only the
 * adapters in this folder (`remote-exec.ts` for engine tasks, `remote-chunk-runner.ts` for oracle chunks).
 */
import type { CommandBatchResult } from '../oracles/command/command-oracle-process.js';
import type { CommandRow } from '../oracles/command/command-oracle-protocol.js';
import type { OutputColumns } from '../oracles/command/command-oracle-protocol.js';
import type { WorkerReply, WorkerTask, WorkerTaskResult } from '../shared/tasks.js';
import type { LimitStage, TaskClass } from '../shared/vocabulary.js';

/** The command oracle's spec without its environment: a node runs the program in its own. */
export interface RemoteCommandSpec {
  readonly argv: readonly string[];
  readonly timeoutMs: number;
  readonly memoryMb: number | null;
  readonly cwd?: string;
  readonly columns?: OutputColumns;
}

export type RemoteTask =
  | { readonly kind: 'engine'; readonly task: WorkerTask }
  | { readonly kind: 'oracle-chunk'; readonly spec: RemoteCommandSpec; readonly rows: readonly CommandRow[] };

export type RemoteResult =
  | { readonly kind: 'engine'; readonly reply: WorkerReply<WorkerTaskResult> }
  | { readonly kind: 'oracle-chunk'; readonly result: CommandBatchResult };

/** What a task file holds: the task, its deterministic id, and where it came from. */
export interface RemoteTaskFile {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly campaign: string;
  readonly stage: LimitStage;
  readonly task: RemoteTask;
}

/**
 * The result marker, written by atomic rename after the result: it exists only once the task ran to its
 * end, and then it is the truth whatever the scheduler says (Nextflow's `.exitcode` works this way).
 */
export interface RemoteMarker {
  readonly schemaVersion: 1;
  readonly id: string;
  /** How the task's own code ended (an engine error is `error`, a failed program its class). */
  readonly class: TaskClass;
  readonly ms: number;
  readonly host: string;
  readonly pid: number;
  readonly finishedAt: number;
}

/** A task handed to a runner: its id (deterministic, so that nothing is submitted twice) and resources. */
export interface RemoteSubmission {
  readonly id: string;
  readonly stage: LimitStage;
  readonly task: RemoteTask;
  /**
   * Multipliers of the runner's memory and time per task: a retry after `oom` asks for 2x memory, after
   * `timeout` 2x time (the runner caps them by `max_mem_mb`, `max_time`).
   */
  readonly scale: { readonly mem: number; readonly time: number };
}

/**
 * How a remote task ended, as seen by the orchestrator: `ok` when it ran to its end (its marker is there;
 * the result may still say the work failed: an engine error, a program's own class), or the class of the
 * failure of the remote run itself (TIMEOUT, OUT_OF_MEMORY, a lost node, a crash without a marker).
 */
export type RemoteOutcome =
  | { readonly class: 'ok'; readonly result: RemoteResult; readonly ms: number }
  | { readonly class: Exclude<TaskClass, 'ok'>; readonly message: string; readonly ms: number };

/** What runs remote tasks: a batch scheduler (SLURM) or a queue (BullMQ). */
export interface RemoteRunner {
  readonly kind: string;
  /**
   * Runs one task to its end (reattaching to a run of the same id already submitted, or collecting its
   * marker). Resolves with a class for every failure; rejects only for a broken runner (a missing sbatch).
   * `signal` aborts the wait (`interrupted`); whether the remote task is cancelled is `close`'s business.
   */
  run(submission: RemoteSubmission, signal?: AbortSignal): Promise<RemoteOutcome>;
  /**
   * Stops waiting. `cancel`: also cancel the campaign's queued and running remote tasks (the first
   * SIGINT/SIGTERM without `keep_on_interrupt`).
   */
  close(options: { readonly cancel: boolean }): Promise<void>;
}
