/**
 * Before a campaign claims its state folder: every Redis its `executor:` names must answer, or the run
 * stops at once with one line naming the key (exit 2) instead of failing its first task after retries.
 */
import { EXECUTOR_STAGES, executorFor, type ExecutorConfig } from '../config/executor-schema.js';
import type { Clock } from '../shared/clock.js';
import { probeRedis } from './redis-connection.js';

export async function checkBullmqExecutors(config: ExecutorConfig, clock: Clock): Promise<void> {
  const urls = new Map<string, string>();
  for (const stage of EXECUTOR_STAGES) {
    const spec = executorFor(config, stage);
    if (spec.kind !== 'bullmq' || urls.has(spec.redis)) continue;
    // The single form (`executor: { kind: bullmq, ... }`) is the default of every stage.
    urls.set(spec.redis, config[stage] === null ? 'executor.redis' : `executor.${stage}.redis`);
  }
  await Promise.all([...urls].map(([url, key]) => probeRedis({ url, key }, clock)));
}
