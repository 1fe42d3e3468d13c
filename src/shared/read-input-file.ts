/**
 * Read a file a user named (a config, a limits or sweep file, a dataset), turning every way it can fail
 * into one AlcoveError with a readable reason: not found, a folder, not readable, too large.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { AlcoveError } from './errors.js';
import type { ErrorCode } from './errors.js';

export interface InputFileOptions {
  /** The error code of every refusal (BAD_CONFIG, BAD_DATA). */
  readonly code: ErrorCode;
  /** The message from a reason such as `not found` or `is a folder, not a file`. */
  readonly message: (reason: string) => string;
  /** Refuse, before reading, a file larger than this. */
  readonly maxBytes?: number;
}

/** What a failed `stat` or read means for the user, e.g. `not found` or `is a folder, not a file`. */
export function readFailureReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'not found (a part of its path is a file, not a folder)';
    case 'EACCES':
    case 'EPERM':
      return 'not readable (permission denied)';
    default:
      return `not readable (${error instanceof Error ? error.message : String(error)})`;
  }
}

function refuse(options: InputFileOptions, reason: string, cause?: unknown): AlcoveError {
  return new AlcoveError(options.code, options.message(reason), cause === undefined ? {} : { cause });
}

function checkStats(stats: Stats, options: InputFileOptions): void {
  if (stats.isDirectory()) throw refuse(options, 'is a folder, not a file');
  const max = options.maxBytes;
  if (max !== undefined && stats.isFile() && stats.size > max) {
    throw refuse(options, `is ${stats.size} bytes, more than the ${max} such a file may have`);
  }
}

export async function readInputFile(path: string, options: InputFileOptions): Promise<Buffer> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw refuse(options, readFailureReason(error), error);
  }
  checkStats(stats, options);
  try {
    return await readFile(path);
  } catch (error) {
    throw refuse(options, readFailureReason(error), error);
  }
}

export function readInputFileSync(path: string, options: InputFileOptions): Buffer {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw refuse(options, readFailureReason(error), error);
  }
  checkStats(stats, options);
  try {
    return readFileSync(path);
  } catch (error) {
    throw refuse(options, readFailureReason(error), error);
  }
}
