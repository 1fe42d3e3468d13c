/**
 * How a worker runs one task: an engine task on the worker's own thread pool (never on its event loop,
 * which must keep renewing the job's lock; an aborted task's thread is terminated, which stops even a
 * task stuck in a loop), an oracle chunk as `runRemoteTask` runs it (a program in its own process group).
 * A failure of the task is a result with its class, never a throw.
 */
import type { WorkerPool } from '../pool/worker-pool.js';
import { classifyFailure } from '../pool/classify-failure.js';
import { coerceError, toSerializedError } from '../shared/errors.js';
import type { RemoteTask } from '../remote/remote-task.js';
import { runRemoteTask, type RemoteRun } from '../remote/run-remote-task.js';

export async function runJobTask(pool: WorkerPool, task: RemoteTask, signal: AbortSignal): Promise<RemoteRun> {
  if (task.kind !== 'engine') return runRemoteTask(task, signal);
  const t0 = performance.now();
  try {
    const out = await pool.run(task.task, { signal });
    return {
      result: { kind: 'engine', reply: { ok: true, value: out.value, stats: out.stats } },
      class: 'ok',
      ms: performance.now() - t0,
    };
  } catch (error) {
    const err = coerceError(error);
    const ms = performance.now() - t0;
    const cls = classifyFailure(err, { timedOut: false, interrupted: signal.aborted }).cls;
    const stats = { startedAt: performance.timeOrigin + t0, ms, heapUsed: 0 };
    return { result: { kind: 'engine', reply: { ok: false, error: toSerializedError(err), stats } }, class: cls, ms };
  }
}
