import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStateLock, isProcessAlive, LOCK_FILE } from '../../src/state/state-lock.js';
import { AlcoveError } from '../../src/shared/errors.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCK_MODULE = fileURLToPath(new URL('../../src/state/state-lock.ts', import.meta.url));
const HOST = 'host-a';
const NOW = Date.UTC(2025, 0, 1, 12);

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alcove-lock-'));
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const lockPath = () => join(dir, LOCK_FILE);
/** The lock file's content as the test wrote or expects it. */
const readLock = () => JSON.parse(readFileSync(lockPath(), 'utf8')) as { pid: number; startedAt: string };
const writeLock = (content: unknown) =>
  writeFileSync(lockPath(), typeof content === 'string' ? content : JSON.stringify(content));
const refusal = (fn: () => unknown): AlcoveError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AlcoveError);
    return error as AlcoveError;
  }
  throw new Error('expected a refusal');
};

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}

describe('state lock', () => {
  it('writes pid, host and start time; a second acquire is refused; release is idempotent', () => {
    const lock = acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW });
    expect(lock.staleRemoved).toBeNull();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toEqual({
      pid: process.pid,
      host: HOST,
      startedAt: '2025-01-01T12:00:00.000Z',
    });
    const err = refusal(() => acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW + 1 }));
    expect(err.code).toBe('STATE_EXISTS');
    expect(err.message).toContain(`in use by pid ${process.pid} on host ${HOST} since 2025-01-01T12:00:00.000Z`);
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
    lock.release();
    const again = acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW });
    expect(existsSync(lockPath())).toBe(true);
    again.release();
  });

  it('creates the state folder if needed', () => {
    const nested = join(dir, 'a', 'b');
    const lock = acquireStateLock(nested, { pid: process.pid, host: HOST, now: NOW });
    expect(existsSync(join(nested, LOCK_FILE))).toBe(true);
    lock.release();
  });

  it('refuses a lock held by a live process on this host and leaves it in place', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    const pid = child.pid!;
    writeLock({ pid, host: HOST, startedAt: 'earlier' });
    const err = refusal(() => acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW }));
    expect(err.message).toContain(`in use by pid ${pid} on host ${HOST} since earlier`);
    expect(readLock().pid).toBe(pid);
    child.kill('SIGKILL');
    await exited(child);
    // Once it is dead, the lock is stale and taken over.
    const lock = acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW });
    expect(lock.staleRemoved).toEqual({ pid, host: HOST, startedAt: 'earlier' });
    lock.release();
  });

  it('removes a stale lock left by a dead pid and takes it', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await exited(child);
    const pid = child.pid!;
    expect(isProcessAlive(pid)).toBe(false);
    writeLock({ pid, host: HOST, startedAt: '2024-12-31T00:00:00.000Z' });
    const lock = acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW });
    expect(lock.staleRemoved).toEqual({ pid, host: HOST, startedAt: '2024-12-31T00:00:00.000Z' });
    expect(readLock().pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock with our own pid that this process does not hold (an earlier run with the same pid)', () => {
    writeLock({ pid: 4242, host: HOST, startedAt: 'before a container restart' });
    const lock = acquireStateLock(dir, { pid: 4242, host: HOST, now: NOW });
    expect(lock.staleRemoved?.startedAt).toBe('before a container restart');
    lock.release();
  });

  it('refuses a lock from another host and says how to remove it', () => {
    writeLock({ pid: 1, host: 'host-b', startedAt: 'then' });
    const err = refusal(() => acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW }));
    expect(err.code).toBe('STATE_EXISTS');
    expect(err.message).toContain('locked by pid 1 on host host-b since then');
    expect(err.message).toContain(`delete ${lockPath()}`);
    expect(existsSync(lockPath())).toBe(true);
  });

  it('refuses a corrupt or empty lock, names it, and does not delete it', () => {
    for (const content of ['not json', '{"pid":"12"}', '']) {
      writeLock(content);
      const err = refusal(() => acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW }));
      expect(err.code).toBe('STATE_EXISTS');
      expect(err.message).toContain(lockPath());
      expect(readFileSync(lockPath(), 'utf8')).toBe(content);
    }
  });

  it('release leaves a lock that is no longer ours', () => {
    const lock = acquireStateLock(dir, { pid: process.pid, host: HOST, now: NOW });
    writeLock({ pid: 999_999, host: HOST, startedAt: 'someone else' });
    lock.release();
    expect(readLock().startedAt).toBe('someone else');
  });

  it('of several processes acquiring at once, exactly one gets the lock', async () => {
    const script = `
      const { acquireStateLock } = await import(${JSON.stringify(LOCK_MODULE)});
      process.stdin.resume();
      process.stdout.write('ready\\n');
      process.stdin.once('data', () => {
        try {
          acquireStateLock(${JSON.stringify(dir)}, { pid: process.pid, host: 'host-a', now: Date.now() });
          process.stdout.write('ok\\n');
        } catch (e) {
          process.stdout.write('refused ' + e.code + '\\n');
        }
      });
      process.stdin.on('end', () => process.exit(0));`;
    const n = 4;
    const procs = Array.from({ length: n }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    children.push(...procs);
    // Let them all load ('ready'), then release them together; each holds what it got until stdin ends.
    const lines = (p: ChildProcess, count: number) =>
      new Promise<string[]>((resolve) => {
        let out = '';
        p.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const got = out.split('\n').filter((l) => l !== '');
          if (got.length >= count) resolve(got);
        });
      });
    const answers = procs.map((p) => lines(p, 2).then((got) => got[1]!));
    await Promise.all(procs.map((p) => lines(p, 1)));
    for (const p of procs) p.stdin.write('go\n');
    const results = await Promise.all(answers);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'refused STATE_EXISTS')).toHaveLength(n - 1);
    for (const p of procs) p.stdin.end();
    await Promise.all(procs.map(exited));
  });
});
