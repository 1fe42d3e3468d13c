/**
 * Connections to Redis: BullMQ's connection options from a URL, and a probe that turns an unreachable or
 * wrong URL into one clear error naming the key it came from (exit 2), in a few seconds instead of
 * ioredis's endless reconnecting.
 */
import { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import { AlcoveError, coerceError } from '../shared/errors.js';
import { CONNECT_TIMEOUT_MS } from './queue-settings.js';

export interface RedisTarget {
  readonly url: string;
  /** Where the URL came from, for messages: `executor.redis` (a config key) or `--redis`. */
  readonly key: string;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');
}

/**
 * Options for BullMQ's connections. `blocking`: a Worker's or QueueEvents' connection, where BullMQ needs
 * `maxRetriesPerRequest: null` (a blocking read waits as long as it must); a Queue's commands give up
 * after a few retries instead, so that a Redis gone for good fails a call instead of hanging it.
 */
export interface ConnectionSettings {
  readonly url: string;
  readonly connectTimeout: number;
  readonly maxRetriesPerRequest: number | null;
  readonly retryStrategy: (times: number) => number;
}

export function connectionOptions(url: string, blocking: boolean): ConnectionSettings {
  return {
    url,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: blocking ? null : 20,
    // Reconnect quickly after a restart (a Redis restarted under a running campaign), never faster than 50 ms.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
}

/** Connects once, pings, and disconnects; throws BAD_CONFIG naming `target.key` when that fails. */
export async function probeRedis(target: RedisTarget, clock: Clock): Promise<void> {
  const where = redactUrl(target.url);
  let client: Redis;
  try {
    client = new Redis(target.url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
  } catch (error) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `${target.key}: ${where} is not a usable Redis URL (${coerceError(error).message})`,
    );
  }
  // ioredis reports the socket's error as an event and rejects with "Connection is closed": keep the cause.
  let cause: Error | null = null;
  client.on('error', (error: Error) => (cause ??= error));
  let timer: ReturnType<Clock['setTimeout']> | null = null;
  const timedOut = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS + 1000} ms`)),
      CONNECT_TIMEOUT_MS + 1000,
    );
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timedOut]);
  } catch (error) {
    throw new AlcoveError(
      'BAD_CONFIG',
      `${target.key}: cannot reach Redis at ${where} (${(cause ?? coerceError(error)).message}); ` +
        'start redis-server there or fix the URL',
    );
  } finally {
    clock.clearTimeout(timer);
    client.disconnect();
  }
}
