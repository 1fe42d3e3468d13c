/**
 * `alcove worker --redis URL [--queue alcove] [--concurrency N]`: runs the jobs of a BullMQ queue until
 * the first SIGINT/SIGTERM, then lets the running jobs end and exits (a second signal exits at once:
 * the jobs it leaves stall and another worker takes them within seconds).
 */
import { redactUrl } from '../../bullmq/redis-connection.js';
import { startAlcoveWorker } from '../../bullmq/alcove-worker.js';
import { AlcoveError } from '../../shared/errors.js';
import type { CommandContext } from '../command-context.js';

function checkedOptions(ctx: CommandContext): { redis: string; queue: string; concurrency: number } {
  const { redis, queue, concurrency } = ctx.args;
  if (redis === null) {
    throw new AlcoveError(
      'BAD_CONFIG',
      "--redis is required: the URL of the queue's Redis, e.g. redis://127.0.0.1:6379",
    );
  }
  if (!/^rediss?:\/\//.test(redis))
    throw new AlcoveError('BAD_CONFIG', `--redis: ${redis} is not a redis:// or rediss:// URL`);
  if (queue === '') throw new AlcoveError('BAD_CONFIG', '--queue: the name must not be empty');
  const n = Number(concurrency);
  if (!Number.isInteger(n) || n < 1) {
    throw new AlcoveError('BAD_CONFIG', `--concurrency: ${concurrency} is not a whole number of at least 1`);
  }
  return { redis, queue, concurrency: n };
}

export async function workerCommand(ctx: CommandContext): Promise<number> {
  const { redis, queue, concurrency } = checkedOptions(ctx);
  const worker = await startAlcoveWorker({ redis, queue, concurrency, clock: ctx.clock, log: ctx.log });
  ctx.log(`worker ${worker.name}: queue ${queue} at ${redactUrl(redis)}, ${concurrency} job(s) at once`);
  try {
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.log('worker: stopping after the running jobs');
  } finally {
    await worker.close();
  }
  return ctx.exitOnSignal();
}
