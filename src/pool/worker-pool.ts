/**
 * The engine worker pool: a typed face over Piscina.
 *
 * Under tsx or vitest this module is loaded as `.ts`, and so is the worker (with `--import tsx`);
 * from `dist/` both are compiled `.js`. Results arrive as `WorkerReply` data and are rebuilt into
 * `AlcoveError`s here, on the main thread.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ResourceLimits } from 'node:worker_threads';
import { AlcoveError, coerceError, fromSerializedError } from '../shared/errors.js';
import type { CompiledWasm } from '../shared/rdkit-wasm.js';
import type { ResultFor, TaskStats, WorkerReply, WorkerTask } from '../shared/tasks.js';

export interface WorkerPoolOptions {
  /** Worker threads; default: the number of CPUs. */
  readonly threads?: number | null;
  /** A worker module other than the engines' (test fixtures). */
  readonly filename?: string;
  readonly resourceLimits?: ResourceLimits;
  /** Workers start loading RDKit's WebAssembly as they boot, before their first task (see worker.ts). */
  readonly warmRdkit?: boolean;
  /** RDKit's WebAssembly compiled on this thread: workers instantiate it instead of compiling their own. */
  readonly rdkitWasm?: CompiledWasm | null;
}

export interface TaskOutcome<R> {
  readonly value: R;
  readonly stats: TaskStats;
}

export interface WorkerPool {
  readonly threads: number;
  run<T extends WorkerTask>(task: T, options?: { signal?: AbortSignal }): Promise<TaskOutcome<ResultFor<T>>>;
  /** Run a task of a custom worker (fixtures); the reply protocol is the same. */
  runRaw<R>(task: unknown, options?: { signal?: AbortSignal }): Promise<TaskOutcome<R>>;
  /**
   * CPU time its threads spent in the tasks that replied so far (ms, `TaskStats.cpuMs`); null once a reply did
   * not tell. Optional: a pool that cannot tell (a test's fake) leaves it out.
   */
  cpuMs?(): number | null;
  close(): Promise<void>;
}

const isTypeScript = import.meta.url.endsWith('.ts');

export function defaultWorkerFile(): string {
  return fileURLToPath(new URL(`../engines/worker.${isTypeScript ? 'ts' : 'js'}`, import.meta.url));
}

export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const filename = options.filename ?? defaultWorkerFile();
  const piscina = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    ...(filename.endsWith('.ts') ? { execArgv: ['--import', 'tsx'] } : {}),
    ...(options.resourceLimits === undefined ? {} : { resourceLimits: options.resourceLimits }),
    workerData: {
      ...(options.warmRdkit === true ? { warm: ['rdkit'] } : {}),
      ...(options.rdkitWasm ? { rdkitWasm: options.rdkitWasm } : {}),
    },
  });
  // A worker that dies outside a task must not crash the process; tasks see their own rejection.
  piscina.on('error', (error: unknown) => {
    process.emitWarning(`worker pool error: ${coerceError(error).message}`);
  });

  const cpu = createCpuSum();

  async function runRaw<R>(task: unknown, runOptions: { signal?: AbortSignal } = {}): Promise<TaskOutcome<R>> {
    let reply: WorkerReply<R>;
    try {
      reply = (await piscina.run(task, runOptions.signal ? { signal: runOptions.signal } : {})) as WorkerReply<R>;
    } catch (error) {
      // Piscina rejects with plain errors: the worker thread died ("worker exited with code: N"), ran out
      // of heap (ERR_WORKER_OUT_OF_MEMORY), the task was aborted (AbortError), or its code threw.
      const err = coerceError(error);
      if (err.code === 'INTERNAL' && /worker exited|worker terminated|Terminating worker thread/i.test(err.message)) {
        throw new AlcoveError('WORKER_CRASHED', `worker died: ${err.message}`, { retryable: true, cause: error });
      }
      throw err;
    }
    cpu.add(reply.stats.cpuMs);
    if (!reply.ok) throw fromSerializedError(reply.error);
    return { value: reply.value, stats: reply.stats };
  }

  return {
    threads,
    run: <T extends WorkerTask>(task: T, runOptions?: { signal?: AbortSignal }) =>
      runRaw<ResultFor<T>>(task, runOptions),
    runRaw,
    cpuMs: cpu.ms,
    close: () => piscina.close(),
  };
}

/** A sum of task CPU times that turns null for good once one of them is unknown. */
export interface CpuSum {
  readonly add: (ms: number | null | undefined) => void;
  readonly ms: () => number | null;
}

export function createCpuSum(): CpuSum {
  let sum: number | null = 0;
  return {
    add: (ms) => {
      sum = sum === null || ms === null || ms === undefined ? null : sum + ms;
    },
    ms: () => sum,
  };
}
