/**
 * The command oracle's chunks as remote tasks: a `BatchRunner` that hands each program run to a
 * `RemoteRunner` (SLURM, BullMQ) instead of spawning it here.
 *
 * - Ids are deterministic (generation, the chunk's first index and size, attempt, a hash of its items and
 *   program), so the same chunk of a resumed batch finds the marker or the job of the first run.
 * - A molecule whose attempt ended in `oom` asks for twice the memory on its next attempt, `timeout` for
 *   twice the time (the fan-out retries those as single molecules; the runner caps the growth).
 * - A failure of the remote run itself (`lost`, a job that died) is a chunk failure like the program's own.
 */
import type { BatchRunner, CommandBatchResult } from '../oracles/command/command-oracle.js';
import type { CommandRow } from '../oracles/command/command-oracle-protocol.js';
import type { TaskClass } from '../shared/vocabulary.js';
import type { RemoteRunner } from './remote-task.js';
import { remoteTaskId } from './task-id.js';

export interface RemoteBatchRunnerOptions {
  readonly runner: RemoteRunner;
  /** The generation of the label call under way (the adapter knows it from the stage's Exec). */
  readonly generation: () => number;
}

export function createRemoteBatchRunner(options: RemoteBatchRunnerOptions): BatchRunner {
  const { runner } = options;
  const scales = new Map<number, { mem: number; time: number }>();
  const scaleOf = (items: readonly number[]) => ({
    mem: Math.max(1, ...items.map((i) => scales.get(i)?.mem ?? 1)),
    time: Math.max(1, ...items.map((i) => scales.get(i)?.time ?? 1)),
  });
  const grow = (items: readonly number[], cls: TaskClass) => {
    if (cls !== 'oom' && cls !== 'timeout') return;
    const scale = scaleOf(items);
    for (const i of items) {
      scales.set(i, cls === 'oom' ? { ...scale, mem: scale.mem * 2 } : { ...scale, time: scale.time * 2 });
    }
  };

  return async (spec, rows, signal, at) => {
    const id = remoteTaskId({
      stage: 'oracle',
      generation: options.generation(),
      chunk: `${at.items[0] ?? 0}+${at.items.length}`,
      attempt: at.attempt,
      content: JSON.stringify([at.items, spec.argv, spec.timeoutMs, spec.memoryMb]),
    });
    const { argv, timeoutMs, memoryMb } = spec;
    const task = {
      kind: 'oracle-chunk' as const,
      spec: {
        argv,
        timeoutMs,
        memoryMb,
        ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
        ...(spec.columns === undefined ? {} : { columns: spec.columns }),
      },
      rows: rows.map((r): CommandRow => ({ id: r.id, smiles: r.smiles })),
    };
    const outcome = await runner.run({ id, stage: 'oracle', task, scale: scaleOf(at.items) }, signal);
    const result =
      outcome.class === 'ok'
        ? outcome.result.kind === 'oracle-chunk'
          ? outcome.result.result
          : failed(rows.length, 'error', `remote task ${id} answered with an engine result`, outcome.ms)
        : failed(rows.length, outcome.class, outcome.message, outcome.ms);
    grow(at.items, result.class);
    return result;
  };
}

function failed(rows: number, cls: TaskClass, message: string, ms: number): CommandBatchResult {
  return {
    class: cls,
    values: Array.from({ length: rows }, () => null),
    exitCode: null,
    signal: null,
    ms,
    message,
    stderrTail: '',
    failedRows: rows,
  };
}
