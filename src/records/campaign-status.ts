/**
 * How a campaign in a state folder stands, read from its views (summary.json, db.json) and its lock: what
 * `alcove status` prints and `alcove log` lists. The zod schema below is the `--json` output's contract (its
 * JSON Schema is committed as schema/status.schema.json). Reading never writes, and never needs the config.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { AlcoveError } from '../shared/errors.js';
import { statePaths } from '../state/state-files.js';
import { isLockInfo, isProcessAlive } from '../state/state-lock.js';

const metricsSchema = z.record(z.string(), z.number().nullable());

export const campaignStatusSchema = z.object({
  /** The state folder, as given. */
  dir: z.string(),
  name: z.string().nullable(),
  /**
   * summary.json's status (`running`, `done`, `failed`, `interrupted`, or one a newer Alcove writes), or
   * `starting` before the first round; `running` with no live process holding the lock is reported as
   * `interrupted` (a killed run).
   */
  status: z.string().min(1),
  /** A process on this host holds the folder's lock and is alive. */
  live: z.boolean(),
  generation: z.int().nullable(),
  labeled: z.int().nullable(),
  rounds: z.int(),
  oracle_calls: z.int().nullable(),
  oracle_failures: z.int().nullable(),
  headline: z.object({ metric: z.string(), value: z.number().nullable() }).nullable(),
  /** The last round's metrics. */
  metrics: metricsSchema,
  stop_reason: z.string().nullable(),
  error: z.object({ stage: z.string(), code: z.string(), message: z.string() }).nullable(),
  /** When summary.json (or the checkpoint) was last written, ISO 8601. */
  updated_at: z.string().nullable(),
});

export type CampaignStatusView = z.infer<typeof campaignStatusSchema>;

/** What is read of summary.json: its fields are checked one by one, so an older summary still reads. */
const summarySchema = z.object({
  status: z.string().min(1),
  generation: z.int(),
  labeled: z.int(),
  oracle_calls: z.int().optional(),
  oracle_failures: z.int().optional(),
  headline: z.string().optional(),
  stop_reason: z.string().nullable().optional(),
  error: z.object({ stage: z.string(), code: z.string(), message: z.string() }).nullable().optional(),
  history: z.array(z.object({ generation: z.int(), metrics: metricsSchema })),
});

/** A state folder holds a campaign: a checkpoint or a summary. */
export function isCampaignFolder(dir: string): boolean {
  const paths = statePaths(dir);
  return existsSync(paths.checkpoint) || existsSync(paths.summary);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `${path}: cannot be read as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function liveLock(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const info: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isLockInfo(info) && isProcessAlive(info.pid);
  } catch {
    // An unreadable lock is the run's own business (it refuses to start); here it only means "not known live".
    return false;
  }
}

function campaignName(dbFile: string): string | null {
  if (!existsSync(dbFile)) return null;
  const db = readJson(dbFile) as { campaign?: { name?: unknown } | null };
  return typeof db.campaign?.name === 'string' ? db.campaign.name : null;
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtime.toISOString() : null);

/** The status of the campaign in `dir` (`shownDir` is how to name it); BAD_INPUT when there is none. */
export function readCampaignStatus(dir: string, shownDir: string = dir): CampaignStatusView {
  const paths = statePaths(dir);
  if (!isCampaignFolder(dir)) {
    throw new AlcoveError('BAD_INPUT', `${shownDir}: no campaign here (neither state.json nor summary.json)`);
  }
  const live = liveLock(paths.lock);
  const base = { dir: shownDir, name: campaignName(paths.db), live };
  if (!existsSync(paths.summary)) {
    // Checkpointed before its first round: summary.json is written with the first round.
    const updated_at = mtime(paths.checkpoint);
    return {
      ...base,
      status: live ? 'starting' : 'interrupted',
      generation: null,
      labeled: null,
      rounds: 0,
      oracle_calls: null,
      oracle_failures: null,
      headline: null,
      metrics: {},
      stop_reason: null,
      error: null,
      updated_at,
    };
  }
  const parsed = summarySchema.safeParse(readJson(paths.summary));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AlcoveError(
      'BAD_INPUT',
      `${shownDir}/summary.json: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  const s = parsed.data;
  const metrics = s.history.at(-1)?.metrics ?? {};
  const metric = s.headline ?? ('topk_scores' in metrics ? 'topk_scores' : null);
  return {
    ...base,
    status: s.status === 'running' && !live ? 'interrupted' : s.status,
    generation: s.generation,
    labeled: s.labeled,
    rounds: s.history.length,
    oracle_calls: s.oracle_calls ?? null,
    oracle_failures: s.oracle_failures ?? null,
    headline: metric === null ? null : { metric, value: metrics[metric] ?? null },
    metrics,
    stop_reason: s.stop_reason ?? null,
    error: s.error ?? null,
    updated_at: mtime(paths.summary),
  };
}
