/**
 * `alcove worker`'s bad input: no --redis, a URL that is not one, a Redis that does not answer (a clear
 * line naming --redis and exit 2, within seconds), a bad --concurrency. Needs no Redis.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { freePort } from '../helpers/redis.js';

describe('alcove worker: bad input is exit 2 naming the flag', () => {
  it('needs --redis, and a redis:// URL', async () => {
    const none = await runMain(['worker']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--redis is required/);
    const http = await runMain(['worker', '--redis', 'http://localhost:6379']);
    expect(http.code).toBe(2);
    expect(http.stderr).toMatch(/--redis: http:\/\/localhost:6379 is not a redis:\/\//);
  });

  it('an unreachable Redis is one line naming --redis, not a hang', async () => {
    const port = await freePort();
    const r = await runMain(['worker', '--redis', `redis://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`--redis: cannot reach Redis at redis://127.0.0.1:${port} \\(.*ECONNREFUSED`));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a password in the URL is not printed', async () => {
    const port = await freePort();
    const r = await runMain(['worker', '--redis', `redis://user:s3cret@127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('--concurrency is a whole number of at least 1', async () => {
    const r = await runMain(['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--concurrency: 0 is not a whole number/);
  });
});
