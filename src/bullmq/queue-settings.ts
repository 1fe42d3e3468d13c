/**
 * BullMQ's settings for Alcove's queue, in one place: the orchestrator and every worker must agree on them.
 *
 * A job whose worker died is found by the stalled check of the other workers: its lock expires after
 * `lockDuration` (renewed every `lockDuration / 2` while the worker lives), and a check, run every
 * `stalledInterval`, first marks the job and moves it back to `wait` at the next check. So a dead worker's
 * job is retried after at most lockDuration + 2 x stalledInterval = 8 s here, against about 64 s with
 * BullMQ's defaults (30 s, 30 s). The cost: a worker whose event loop stalls past 4 s loses its lock. Engine
 * tasks run on the worker's own threads (never on its event loop), so only a machine frozen for 4 s does.
 */

/** How long a worker's lock on a job lasts without renewal. */
export const LOCK_DURATION_MS = 4000;
/** How often each worker looks for jobs whose lock expired. */
export const STALLED_INTERVAL_MS = 2000;
/**
 * Stalls a job may have before it fails as `lost`: two dead workers in a row are bad luck, three mean
 * the task itself kills its worker (Alcove's retry policy then decides, with a new attempt).
 */
export const MAX_STALLED_COUNT = 2;
/**
 * Completed jobs stay until the orchestrator has read their result (it then removes them); this bounds how
 * long an unread one (a campaign abandoned with `keep_on_interrupt`) stays in Redis.
 */
export const KEEP_UNREAD_S = 7 * 24 * 3600;
/** How long to wait for Redis to answer when connecting, before the URL is called unreachable. */
export const CONNECT_TIMEOUT_MS = 3000;
/**
 * How often the orchestrator asks Redis how a job it waits for stands, besides the queue's events: an
 * event missed while Redis restarted, or a job gone from Redis (lost), is noticed within this.
 */
export const POLL_MS = 2000;

/** The Redis keys of Alcove's own, beside BullMQ's (`bull:<queue>:...`). */
export function cancelChannel(queue: string): string {
  return `alcove:${queue}:cancel`;
}
export function cancelKey(queue: string, jobId: string): string {
  return `alcove:${queue}:cancelled:${jobId}`;
}
/** A cancel key outlives any wait of a job between its removal attempt and its start on a worker. */
export const CANCEL_KEY_TTL_S = 3600;
