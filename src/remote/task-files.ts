/**
 * Task files in the state folder: `remote/<campaign>-<task id>/` holds `task.bin` (the task, v8-serialized),
 * then, once it ran, `result.bin` (its result) and last `marker.json`, each written by atomic rename. The
 * marker is written after the result, so a marker always has its result; without a marker the task did
 * not finish, whatever the scheduler says.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { AlcoveError, coerceError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { STATE_FILES } from '../state/state-files.js';
import type { RemoteMarker, RemoteOutcome, RemoteResult, RemoteTaskFile } from './remote-task.js';

export const TASK_FILE = 'task.bin';
export const RESULT_FILE = 'result.bin';
export const MARKER_FILE = 'marker.json';

/** The folder of remote tasks of a state folder. */
export function remoteDir(stateDir: string): string {
  return join(stateDir, STATE_FILES.remote);
}

/** The folder of one task. */
export function taskDir(stateDir: string, campaign: string, id: string): string {
  return join(remoteDir(stateDir), `${campaign}-${id}`);
}

/** Writes `task.bin` into the task's folder (created); returns its path. */
export function writeTaskFile(dir: string, file: RemoteTaskFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, TASK_FILE);
  writeFileAtomic(path, serialize(file));
  return path;
}

export function readTaskFile(path: string): RemoteTaskFile {
  let value: unknown;
  try {
    value = deserialize(readFileSync(path));
  } catch (error) {
    throw new AlcoveError('BAD_DATA', `${path}: not a readable Alcove task file (${coerceError(error).message})`);
  }
  if (!isTaskFile(value)) {
    throw new AlcoveError('BAD_DATA', `${path}: not an Alcove task file (schemaVersion 1 with id, stage, task)`);
  }
  return value;
}

function isTaskFile(v: unknown): v is RemoteTaskFile {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const task = o.task as { kind?: unknown } | null | undefined;
  return (
    o.schemaVersion === 1 &&
    typeof o.id === 'string' &&
    typeof o.campaign === 'string' &&
    typeof o.stage === 'string' &&
    (task?.kind === 'engine' || task?.kind === 'oracle-chunk')
  );
}

/** Writes the result, then the marker (the order is what makes the marker the truth). */
export function writeResult(
  dir: string,
  id: string,
  result: RemoteResult,
  end: Pick<RemoteMarker, 'class' | 'ms'>,
): void {
  writeFileAtomic(join(dir, RESULT_FILE), serialize(result));
  const marker: RemoteMarker = {
    schemaVersion: 1,
    id,
    class: end.class,
    ms: end.ms,
    host: hostname(),
    pid: process.pid,
    finishedAt: Date.now(),
  };
  writeFileAtomic(join(dir, MARKER_FILE), `${JSON.stringify(marker)}\n`);
}

/** The task's marker, or null while it has none (not run, running, or died before its end). */
export function readMarker(dir: string): RemoteMarker | null {
  let text: string;
  try {
    text = readFileSync(join(dir, MARKER_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw coerceError(error);
  }
  const marker = JSON.parse(text) as RemoteMarker;
  if (marker.schemaVersion !== 1 || typeof marker.id !== 'string') {
    throw new AlcoveError('BAD_CHECKPOINT', `${join(dir, MARKER_FILE)}: not an Alcove result marker`);
  }
  return marker;
}

export function readResult(dir: string): RemoteResult {
  return deserialize(readFileSync(join(dir, RESULT_FILE))) as RemoteResult;
}

/** The task folders under a state folder's `remote/` (for a resume's look at what is there). */
export function listTaskDirs(stateDir: string): string[] {
  try {
    return readdirSync(remoteDir(stateDir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'batches')
      .map((e) => join(remoteDir(stateDir), e.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw coerceError(error);
  }
}

/** The outcome of a task whose marker is there: it ran to its end, and here is its result. */
export function collectOutcome(dir: string, marker: RemoteMarker): RemoteOutcome {
  return { class: 'ok', result: readResult(dir), ms: marker.ms };
}
