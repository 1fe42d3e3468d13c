/**
 * The BullMQ executor: remote tasks (engine tasks, oracle chunks) as jobs of a BullMQ queue on Redis. The
 * orchestrator's `RemoteRunner` (createBullmqRunner), the check of a campaign's Redis before it starts,
 * and the worker (`alcove worker`).
 */
export { createBullmqRunner, type BullmqRunnerOptions } from './bullmq-runner.js';
export { checkBullmqExecutors } from './check-executors.js';
export { startAlcoveWorker, type AlcoveWorker, type AlcoveWorkerOptions } from './alcove-worker.js';
export { redactUrl } from './redis-connection.js';
export { LOCK_DURATION_MS, MAX_STALLED_COUNT, STALLED_INTERVAL_MS } from './queue-settings.js';
