/**
 * Runs a remote task in the current process: the engine handler of the worker threads called directly,
 * or one run of the command oracle's program. This is what `alcove task`, a SLURM array task or a BullMQ
 * worker does with a task; it never throws for a failure of the task, it classifies it.
 */
import { runWorkerTask } from '../engines/worker.js';
import { runCommandBatch } from '../oracles/command/command-oracle-process.js';
import { classifyFailure } from '../pool/classify-failure.js';
import { fromSerializedError } from '../shared/errors.js';
import type { TaskClass } from '../shared/vocabulary.js';
import type { RemoteResult, RemoteTask } from './remote-task.js';

export interface RemoteRun {
  readonly result: RemoteResult;
  /** How the task's code ended: `ok`, or the class of its failure. */
  readonly class: TaskClass;
  readonly ms: number;
}

export async function runRemoteTask(task: RemoteTask, signal?: AbortSignal): Promise<RemoteRun> {
  const t0 = performance.now();
  if (task.kind === 'engine') {
    const reply = await runWorkerTask(task.task);
    const cls = reply.ok
      ? 'ok'
      : classifyFailure(fromSerializedError(reply.error), { timedOut: false, interrupted: signal?.aborted === true })
          .cls;
    return { result: { kind: 'engine', reply }, class: cls, ms: performance.now() - t0 };
  }
  const result = await runCommandBatch({ ...task.spec, argv: [...task.spec.argv] }, task.rows, signal);
  return { result: { kind: 'oracle-chunk', result }, class: result.class, ms: performance.now() - t0 };
}
