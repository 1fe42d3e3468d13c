/**
 * The command oracle as a campaign's `Oracle`: each program run is a task attempt of the 'oracle' stage
 * on the run's event bus, so that it shows in the audit trail beside the pool's tasks. Its
 * `attempt:start` is emitted before the program is spawned (the audit line is written synchronously),
 * so a launch is on record even if Alcove is killed while it runs; a resume closes it as `interrupted`.
 */
import type { CommandOracleConfig } from '../../config/campaign-schema.js';
import type { Dataset } from '../../data/load-dataset.js';
import type { AttemptEvents, AttemptRecord } from '../../pool/supervisor.js';
import type { Clock } from '../../shared/clock.js';
import type { Oracle } from '../oracle.js';
import { commandSpecFromConfig, createCommandOracle } from './command-oracle.js';
import type { BatchRunner, CommandAttemptStart } from './command-oracle.js';

export interface CommandOracleAdapterOptions {
  /** Retries after the first attempt (`limits.oracle.retries`). */
  readonly retries: number;
  readonly events?: AttemptEvents;
  readonly clock?: Clock;
  /** Runs the program's chunks elsewhere (a SLURM array, a BullMQ worker), given the current generation. */
  readonly remoteBatch?: (generation: () => number) => BatchRunner;
}

export function createCommandOracleAdapter(
  oracle: CommandOracleConfig,
  dataset: Pick<Dataset, 'smiles' | 'ids'>,
  options: CommandOracleAdapterOptions,
): Oracle {
  const { events, clock } = options;
  const now = () => clock?.now() ?? Date.now();
  let generation = 0;
  let n = 0;
  const createdAt = now();
  const onAttemptStart = (a: CommandAttemptStart) => {
    const record: AttemptRecord = {
      id: `${createdAt}-${process.pid}/oracle/command-${++n}`,
      stage: 'oracle',
      kind: 'oracle',
      generation,
      task: `command:${a.indices[0] ?? 0}+${a.indices.length}`,
      attempt: a.attempt,
      params: { items: a.indices.length, first: a.indices[0] ?? 0, timeout_ms: a.timeoutMs },
      startedAt: now(),
    };
    events?.emit('attempt:start', { record });
    return (end: { class: AttemptRecord['class']; ms: number; message: string }) => {
      events?.emit('attempt:end', {
        record: {
          ...record,
          endedAt: now(),
          ms: end.ms,
          class: end.class,
          code: end.class === 'ok' ? null : 'ORACLE_FAILED',
          message: end.class === 'ok' ? null : end.message,
          heapUsed: null,
        },
      });
    };
  };
  const command = createCommandOracle(commandSpecFromConfig(oracle), dataset, {
    retries: options.retries,
    chunk: oracle.chunk,
    parallel: oracle.parallel,
    ...(clock === undefined ? {} : { clock }),
    ...(options.remoteBatch === undefined ? {} : { runBatch: options.remoteBatch(() => generation) }),
    onAttemptStart,
  });
  return {
    kind: 'command',
    label(indices, exec, labelOptions) {
      generation = exec.generation;
      return command.label(indices, {
        ...(exec.signal ? { signal: exec.signal } : {}),
        ...(labelOptions?.onResults ? { onResults: labelOptions.onResults } : {}),
      });
    },
    truth: () => Promise.resolve(null),
  };
}
