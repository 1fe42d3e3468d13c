/**
 * What an Alcove job carries through Redis, and back. A task or a result of up to `inlineLimit` bytes
 * (v8-serialized) travels inline, as base64 in the job's JSON; a bigger one goes by reference: a file in the
 * task's folder under the shared state folder (`remote/<campaign>-<id>/`, the files of src/remote), so that
 * Redis holds small jobs only.
 */
import { deserialize, serialize } from 'node:v8';
import { AlcoveError } from '../shared/errors.js';
import { TASK_CLASSES, type LimitStage, type TaskClass } from '../shared/vocabulary.js';
import type { RemoteResult, RemoteTask } from '../remote/remote-task.js';
import { readMarker, readResult, readTaskFile, writeResult, writeTaskFile } from '../remote/task-files.js';

/** Inline: base64 of the v8 serialization; by reference: the file or folder that holds it. */
export type TaskPayload = { readonly inline: string } | { readonly file: string };
export type ResultPayload = { readonly inline: string } | { readonly dir: string };

export interface AlcoveJobData {
  readonly schemaVersion: 1;
  /** The submission's id (the job's id is the campaign's name, a dot and this). */
  readonly id: string;
  readonly campaign: string;
  readonly stage: LimitStage;
  /** The task's folder in the shared state folder: where payloads and results above the limit go. */
  readonly dir: string;
  readonly inlineLimit: number;
  readonly task: TaskPayload;
}

export interface AlcoveJobResult {
  readonly schemaVersion: 1;
  /** How the task's code ended (an engine error is data in the result, with its class here). */
  readonly class: TaskClass;
  readonly ms: number;
  readonly host: string;
  readonly result: ResultPayload;
}

export interface JobIdentity {
  readonly id: string;
  readonly campaign: string;
  readonly stage: LimitStage;
  readonly dir: string;
  readonly inlineLimit: number;
}

export function encodeTask(who: JobIdentity, task: RemoteTask): AlcoveJobData {
  const bytes = serialize(task);
  const payload: TaskPayload =
    bytes.length <= who.inlineLimit
      ? { inline: bytes.toString('base64') }
      : {
          file: writeTaskFile(who.dir, {
            schemaVersion: 1,
            id: who.id,
            campaign: who.campaign,
            stage: who.stage,
            task,
          }),
        };
  return { schemaVersion: 1, ...who, task: payload };
}

export function decodeTask(data: AlcoveJobData): RemoteTask {
  if ('inline' in data.task) return deserialize(Buffer.from(data.task.inline, 'base64')) as RemoteTask;
  return readTaskFile(data.task.file).task;
}

export function encodeResult(
  data: AlcoveJobData,
  result: RemoteResult,
  end: { readonly class: TaskClass; readonly ms: number; readonly host: string },
): AlcoveJobResult {
  const bytes = serialize(result);
  let payload: ResultPayload;
  if (bytes.length <= data.inlineLimit) {
    payload = { inline: bytes.toString('base64') };
  } else {
    writeResult(data.dir, data.id, result, end);
    payload = { dir: data.dir };
  }
  return { schemaVersion: 1, ...end, result: payload };
}

export function decodeResult(value: AlcoveJobResult): RemoteResult {
  if ('inline' in value.result) return deserialize(Buffer.from(value.result.inline, 'base64')) as RemoteResult;
  // The marker is written after the result: without it the result file is not whole.
  if (readMarker(value.result.dir) === null) {
    throw new AlcoveError('TASK_FAILED', `${value.result.dir}: a finished job's result has no marker`, {
      retryable: true,
    });
  }
  return readResult(value.result.dir);
}

/** Job data read back from Redis: checked, because anything may have written the key. */
export function isJobData(value: unknown): value is AlcoveJobData {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const task = v.task as Record<string, unknown> | null | undefined;
  return (
    v.schemaVersion === 1 &&
    typeof v.id === 'string' &&
    typeof v.dir === 'string' &&
    typeof v.inlineLimit === 'number' &&
    (typeof task?.inline === 'string' || typeof task?.file === 'string')
  );
}

export function isJobResult(value: unknown): value is AlcoveJobResult {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const result = v.result as Record<string, unknown> | null | undefined;
  return (
    v.schemaVersion === 1 &&
    typeof v.class === 'string' &&
    (TASK_CLASSES as readonly string[]).includes(v.class) &&
    typeof v.ms === 'number' &&
    (typeof result?.inline === 'string' || typeof result?.dir === 'string')
  );
}
