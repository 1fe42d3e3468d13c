/**
 * When a sweep's runs are campaign tasks (`campaign_tasks:`): only when the run's config asks for nothing that
 * only the engine pools of the main thread give. A campaign task runs its engine work synchronously in one
 * worker thread, so it keeps:
 * - the supervisor (retries, back-off, bad input dropped, failure rates): it runs in the task, unchanged;
 * - `limits.<stage>.timeout_s`, set by default on every stage: the task publishes each engine task's deadline
 *   and the main thread's watchdog ends a task past it; the run is then re-run on the engine pool from its
 *   checkpoint, where the timeout is the supervisor's (the attempt is classed `timeout` and retried);
 * - `limits.<stage>.threads`: a campaign task uses one thread, never more.
 * It cannot keep, and these send a run to the engine pool:
 * - a remote executor (`executor.<stage>` not local): its tasks run elsewhere by design;
 * - an oracle that is a program or a laboratory (`oracle.kind` command or manual): processes, waiting;
 * - failure injection (`inject.*`): its OOM and hang must hit a pool's limits to be what they demonstrate;
 * - a heap cap (`limits.<stage>.memory_mb`): Piscina's `resourceLimits` are per pool of worker threads.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import { EXECUTOR_STAGES } from '../config/executor-schema.js';
import { AlcoveError } from '../shared/errors.js';
import type { SweepSpec } from './sweep-schema.js';

/** The config keys (YAML paths) that need the engine pool; empty when a campaign task keeps everything. */
export function pooledOnlyKeys(config: CampaignConfig): string[] {
  const keys: string[] = [];
  for (const stage of EXECUTOR_STAGES) {
    const spec = config.executor[stage] ?? config.executor.default;
    if (spec.kind !== 'local') keys.push(config.executor[stage] === null ? 'executor' : `executor.${stage}`);
  }
  if (config.oracle.kind === 'command' || config.oracle.kind === 'manual') keys.push('oracle.kind');
  for (const [key, value] of Object.entries(config.inject)) if (value !== 0) keys.push(`inject.${key}`);
  for (const stage of EXECUTOR_STAGES) {
    if (config.limits[stage].memory_mb !== null) keys.push(`limits.${stage}.memory_mb`);
  }
  return [...new Set(keys)];
}

/**
 * Whether the runs of this sweep start as campaign tasks, decided on the base config (each run's own config
 * is checked again when it starts: a grid may vary one of these keys). A test that injects the campaign
 * runner or the pool set means the pooled path. `always` with a config that needs the pool is a config error.
 */
export function useCampaignTasks(
  spec: Pick<SweepSpec, 'campaign_tasks'>,
  base: CampaignConfig,
  file: string,
  injected: boolean,
): boolean {
  if (spec.campaign_tasks === 'never' || injected) return false;
  const keys = pooledOnlyKeys(base);
  if (keys.length === 0) return true;
  if (spec.campaign_tasks === 'auto') return false;
  throw new AlcoveError('BAD_CONFIG', campaignTasksRefusal(file, keys));
}

export function campaignTasksRefusal(file: string, keys: readonly string[]): string {
  return `${file}: campaign_tasks: always, but ${keys.join(', ')} need(s) the engine pool (set campaign_tasks: auto or never)`;
}
