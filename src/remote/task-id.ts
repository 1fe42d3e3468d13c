/**
 * Deterministic names: the same work gets the same id in a resumed run, so that a finished task is
 * collected from its marker and a running one is waited for, never submitted twice.
 */
import { basename, resolve } from 'node:path';
import { sha256 } from '../shared/hash.js';
import type { LimitStage } from '../shared/vocabulary.js';

/** A name for the campaign of a state folder: its base name and a hash of its absolute path. */
export function campaignId(stateDir: string): string {
  const abs = resolve(stateDir);
  const name = basename(abs)
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .slice(0, 24);
  return `${name || 'state'}-${sha256(abs).slice(0, 8)}`;
}

export interface TaskIdParts {
  readonly stage: LimitStage;
  readonly generation: number;
  /** What tells the tasks of one call apart: the chunk's first pool index, or a content hash. */
  readonly chunk: string | number;
  readonly attempt: number;
  /** Hashed into the id, so that a different piece of work never shares one (the chunk's items). */
  readonly content?: string | Uint8Array;
}

export function remoteTaskId(parts: TaskIdParts): string {
  const chunk = String(parts.chunk).replace(/[^A-Za-z0-9_.+-]+/g, '_');
  const tail = parts.content === undefined ? '' : `-${sha256(parts.content).slice(0, 10)}`;
  return `${parts.stage}-g${parts.generation}-c${chunk}-a${parts.attempt}${tail}`;
}
