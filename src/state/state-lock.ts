/**
 * One run per state folder: `<stateDir>/lock` holds `{ pid, host, startedAt }`.
 *
 * Created with `open(..., 'wx')` (O_CREAT|O_EXCL: of two runs racing, exactly one creates it). A lock whose
 * process is dead (same host, `kill(pid, 0)` → ESRCH) is stale and taken over; so is one carrying our own
 * pid that this process does not hold (a previous container run that had the same pid). A live pid, a
 * lock from another host (we cannot see its processes) or a lock we cannot read is never removed: the
 * error says which file to delete once the user knows no run is using it.
 *
 * Limits: pid reuse after a crash can make a stale lock look live (the user is told how to remove it);
 * two runs taking over the same stale lock in the same microsecond could both win (the lock is re-read
 * just before removal to keep that window tiny). An empty lock is one being written by a run that is
 * starting right now, or left by a crash between create and write; it is refused like a corrupt one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { STATE_FILES } from './state-files.js';

export const LOCK_FILE = STATE_FILES.lock;

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  /** ISO time. */
  readonly startedAt: string;
}

export interface StateLock {
  readonly path: string;
  readonly info: LockInfo;
  /** The stale lock that was removed to take this one, if any. */
  readonly staleRemoved: LockInfo | null;
  /** Remove the lock if it is still ours; idempotent. */
  release(): void;
}

export interface AcquireOptions {
  readonly pid: number;
  readonly host: string;
  /** Epoch ms (from the injected clock). */
  readonly now: number;
}

/** Locks held by this process (absolute path → info), so a second acquire here is refused, not "stale". */
const held = new Map<string, LockInfo>();

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

export function isLockInfo(value: unknown): value is LockInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.pid === 'number' &&
    Number.isInteger(v.pid) &&
    v.pid > 0 &&
    typeof v.host === 'string' &&
    typeof v.startedAt === 'string'
  );
}

/** alive: the process exists (EPERM: it exists but is not ours to signal). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

type ReadLock = { kind: 'missing' } | { kind: 'ok'; info: LockInfo; raw: string } | { kind: 'corrupt'; raw: string };

function readLock(path: string): ReadLock {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { kind: 'missing' };
    throw new AlcoveError('STATE_EXISTS', `cannot read the lock ${path}: ${(error as Error).message}`);
  }
  try {
    const value: unknown = JSON.parse(raw);
    if (isLockInfo(value)) return { kind: 'ok', info: value, raw };
  } catch {
    // fall through
  }
  return { kind: 'corrupt', raw };
}

/** Create the lock file; false when it already exists. */
function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

const describe = (l: LockInfo) => `pid ${l.pid} on host ${l.host} since ${l.startedAt}`;

export function acquireStateLock(stateDir: string, options: AcquireOptions): StateLock {
  mkdirSync(stateDir, { recursive: true });
  const path = join(resolve(stateDir), LOCK_FILE);
  const info: LockInfo = { pid: options.pid, host: options.host, startedAt: new Date(options.now).toISOString() };
  let staleRemoved: LockInfo | null = null;

  // A few rounds: the lock may vanish or reappear between our create and read (another run exiting or starting).
  for (let round = 0; round < 3; round++) {
    if (tryCreate(path, info)) {
      held.set(path, info);
      return makeHandle(path, info, staleRemoved);
    }
    const current = readLock(path);
    if (current.kind === 'missing') continue;
    if (current.kind === 'corrupt') {
      throw new AlcoveError(
        'STATE_EXISTS',
        `state folder ${stateDir} has a lock file that cannot be read ` +
          `(${current.raw.length === 0 ? 'empty' : 'not a lock'}): ` +
          `${path}. Another run may be starting; if no run is using this folder, delete ${path} and try again.`,
      );
    }
    const other = current.info;
    if (other.host !== options.host) {
      throw new AlcoveError(
        'STATE_EXISTS',
        `state folder ${stateDir} is locked by ${describe(other)}. If that run is gone, delete ${path} and try again.`,
      );
    }
    const ours = held.get(path);
    const sameProcessStale = other.pid === options.pid && ours === undefined;
    if (ours !== undefined || (!sameProcessStale && isProcessAlive(other.pid))) {
      throw new AlcoveError(
        'STATE_EXISTS',
        `state folder ${stateDir} is in use by ${describe(other)}. ` +
          `Wait for it, stop it, or if that process is not an Alcove run (a reused pid), delete ${path}.`,
      );
    }
    // Stale: re-read just before removing, so a lock another run created meanwhile is left alone.
    const again = readLock(path);
    if (again.kind === 'ok' && again.raw === current.raw) {
      try {
        unlinkSync(path);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
      staleRemoved = other;
    }
  }
  throw new AlcoveError('STATE_EXISTS', `could not take the lock ${path}: it keeps changing; is another run starting?`);
}

function makeHandle(path: string, info: LockInfo, staleRemoved: LockInfo | null): StateLock {
  let released = false;
  return {
    path,
    info,
    staleRemoved,
    release() {
      if (released) return;
      released = true;
      if (held.get(path) === info) held.delete(path);
      const current = readLock(path);
      // Only our own lock: same pid, host and start; never one a later run put there.
      if (
        current.kind === 'ok' &&
        current.info.pid === info.pid &&
        current.info.host === info.host &&
        current.info.startedAt === info.startedAt
      ) {
        try {
          unlinkSync(path);
        } catch (error) {
          if (!isErrno(error, 'ENOENT')) throw error;
        }
      }
    },
  };
}
