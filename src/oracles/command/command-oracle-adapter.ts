/**
 * The command oracle as a campaign's `Oracle`: each program run is emitted as attempt events
 * as a task attempt of the 'oracle' stage, so that it shows in the audit trail beside the pool's tasks.
 */
import type { CommandOracleConfig } from '../../config/campaign-schema.js';
import type { Dataset } from '../../data/load-dataset.js';
import type { AttemptEvents, AttemptRecord } from '../../pool/supervisor.js';
import type { Clock } from '../../shared/clock.js';
import type { Oracle } from '../oracle.js';
import { commandSpecFromConfig, createCommandOracle } from './command-oracle.js';

export interface CommandOracleAdapterOptions {
  /** Retries after the first attempt (`limits.oracle.retries`). */
  readonly retries: number;
  readonly events?: AttemptEvents;
  readonly clock?: Clock;
}

export function createCommandOracleAdapter(
  oracle: CommandOracleConfig,
  dataset: Pick<Dataset, 'smiles' | 'ids'>,
  options: CommandOracleAdapterOptions,
): Oracle {
  const { events, clock } = options;
  let generation = 0;
  let n = 0;
  const createdAt = clock?.now() ?? Date.now();
  const command = createCommandOracle(commandSpecFromConfig(oracle), dataset, {
    retries: options.retries,
    ...(clock === undefined ? {} : { clock }),
    onAttempt(a) {
      const end = clock?.now() ?? Date.now();
      const record: AttemptRecord = {
        id: `${createdAt}-${process.pid}/oracle/command-${++n}`,
        stage: 'oracle',
        kind: 'oracle',
        generation,
        task: `command:${a.indices[0] ?? 0}+${a.indices.length}`,
        attempt: a.attempt,
        params: { items: a.indices.length, first: a.indices[0] ?? 0, timeout_ms: oracle.timeout_s * 1000 },
        startedAt: end - a.ms,
      };
      events?.emit('attempt:start', { record });
      events?.emit('attempt:end', {
        record: {
          ...record,
          endedAt: end,
          ms: a.ms,
          class: a.class,
          code: a.class === 'ok' ? null : 'ORACLE_FAILED',
          message: a.class === 'ok' ? null : a.message,
          heapUsed: null,
        },
      });
    },
  });
  return {
    kind: 'command',
    label(indices, exec) {
      generation = exec.generation;
      return command.label(indices, exec.signal ? { signal: exec.signal } : {});
    },
    truth: () => Promise.resolve(null),
  };
}
