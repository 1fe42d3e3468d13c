/**
 * Redis for tests. `ALCOVE_TEST_REDIS` (set by .ci/run) names the Redis that CI starts: tests that need
 * it skip, saying why, only when it is unset; when it is set and Redis does not answer, they fail. Tests
 * that must restart Redis start their own `redis-server` on a free loopback port, append-only, in a
 * temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const TEST_REDIS = process.env.ALCOVE_TEST_REDIS ?? null;
export const SKIP_REASON = 'skipped: ALCOVE_TEST_REDIS is unset (.ci/run sets it to the Redis it starts)';

/** Throws unless the Redis at `url` answers a PING within a few seconds. */
export async function assertRedisUp(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`ALCOVE_TEST_REDIS=${url} is set but Redis does not answer: ${String(error)}`, { cause: error });
  } finally {
    client.disconnect();
  }
}

/** A queue name no other test (or engineer) uses. */
export function uniqueQueue(label: string): string {
  return `alcove-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Removes every key of a test queue (BullMQ's and Alcove's own). */
export async function dropQueue(url: string, queue: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  try {
    for (const pattern of [`bull:${queue}:*`, `alcove:${queue}:*`]) {
      const keys = await client.keys(pattern);
      if (keys.length > 0) await client.del(...keys);
    }
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM by default; SIGKILL: only what the append-only file holds survives). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder (the append-only file is read back). */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** A redis-server of the test's own, append-only, on a free loopback port. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'alcove-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
    ];
    child = spawn('redis-server', [...args, '--save', ''], { stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) => reject(new Error(`redis-server exited (${code})`))),
    );
    for (let i = 0; ; i++) {
      try {
        await Promise.race([assertRedisUp(url), exited]);
        return;
      } catch (error) {
        if (i >= 50 || child.exitCode !== null) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
