/**
 * An Executor whose engine task attempts run as remote tasks for some stages: the local executor's
 * context (its supervisor decides retries, its meter times calls) with `run` handed to a `RemoteRunner`
 * for the stages that have one. A failed remote attempt is thrown as the error code its class maps to,
 * so that the supervisor classifies it back (`classifyFailure`) and the retry policy decides.
 *
 * Tasks that share memory with a team (a network's training helpers) cannot leave the process: they run
 * on the local pool whatever the stage's executor. A step counter (a network's epochs) is shared memory too,
 * but only progress: a remote stage counts no steps, and a task sent away goes without its counter.
 */
import { serialize } from 'node:v8';
import type { Exec, Executor } from '../pool/executor.js';
import type { TaskOutcome } from '../pool/worker-pool.js';
import { sha256 } from '../shared/hash.js';
import { AlcoveError, fromSerializedError, type ErrorCode } from '../shared/errors.js';
import type { ResultFor, WorkerTask } from '../shared/tasks.js';
import type { LimitStage, TaskClass } from '../shared/vocabulary.js';
import type { RemoteOutcome, RemoteRunner } from './remote-task.js';
import { remoteTaskId } from './task-id.js';

const CODE_OF: Record<Exclude<TaskClass, 'ok'>, ErrorCode> = {
  oom: 'OUT_OF_MEMORY',
  timeout: 'TIMEOUT',
  crash: 'WORKER_CRASHED',
  bad_input: 'BAD_INPUT',
  error: 'TASK_FAILED',
  interrupted: 'ABORTED',
  lost: 'TASK_LOST',
};

/** `runnerFor(stage)`: the remote runner of a stage, or null for the local pool. */
export function withRemoteStages(local: Executor, runnerFor: (stage: LimitStage) => RemoteRunner | null): Executor {
  return {
    context(generation, signal): Exec {
      const ctx = local.context(generation, signal);
      const submitted = new Map<string, number>();
      const scales = new Map<LimitStage, { mem: number; time: number }>();
      const run = async <T extends WorkerTask>(
        stage: LimitStage,
        task: T,
        taskSignal: AbortSignal,
      ): Promise<TaskOutcome<ResultFor<T>>> => {
        const runner = runnerFor(stage);
        if (runner === null || sharesMemory(task)) return ctx.run(stage, task, taskSignal);
        // Without the counter: v8 cannot serialize shared memory, and the task id must not depend on it.
        const sent = withoutStepCounter(task);
        const bytes = serialize(sent);
        // The n-th run of the same task in this context is its n-th attempt (the supervisor's retries).
        const key = `${stage}:${sha256(bytes)}`;
        const attempt = (submitted.get(key) ?? 0) + 1;
        submitted.set(key, attempt);
        const id = remoteTaskId({ stage, generation, chunk: task.type, attempt, content: bytes });
        const scale = scales.get(stage) ?? { mem: 1, time: 1 };
        const outcome = await runner.run({ id, stage, task: { kind: 'engine', task: sent }, scale }, taskSignal);
        if (outcome.class === 'oom') scales.set(stage, { ...scale, mem: scale.mem * 2 });
        if (outcome.class === 'timeout') scales.set(stage, { ...scale, time: scale.time * 2 });
        return unwrap<T>(id, outcome);
      };
      const countSteps: NonNullable<Exec['countSteps']> = (stage, kind, items, perItem) =>
        runnerFor(stage) === null ? (ctx.countSteps?.(stage, kind, items, perItem) ?? null) : null;
      return { ...ctx, countSteps, run };
    },
  };
}

function withoutStepCounter(task: WorkerTask): WorkerTask {
  if (task.type !== 'train-mlp' || task.epochCounter === undefined) return task;
  const { epochCounter: _shared, ...rest } = task;
  return rest;
}

function sharesMemory(task: WorkerTask): boolean {
  return task.type === 'help-train-mlp' || (task.type === 'train-mlp' && task.team !== undefined);
}

function unwrap<T extends WorkerTask>(id: string, outcome: RemoteOutcome): TaskOutcome<ResultFor<T>> {
  if (outcome.class !== 'ok') {
    throw new AlcoveError(CODE_OF[outcome.class], `remote task ${id}: ${outcome.message}`, {
      retryable: outcome.class === 'lost' || outcome.class === 'crash',
    });
  }
  if (outcome.result.kind !== 'engine') {
    throw new AlcoveError('INTERNAL', `remote task ${id} answered with an oracle result`);
  }
  const { reply } = outcome.result;
  if (!reply.ok) throw fromSerializedError(reply.error);
  return { value: reply.value as ResultFor<T>, stats: reply.stats };
}
