/**
 * How an error that ends a command reaches the user: one line and an exit code, the stack only with
 * `--debug`. An AlcoveError is a message (its code says which exit: bad input is 2, a failure 1); anything
 * else is a bug, reported as `internal error` (exit 1).
 */
import { coerceError } from '../shared/errors.js';
import type { ErrorCode } from '../shared/errors.js';
import { EXIT } from './command-context.js';

/** Codes that mean the input was bad (flags, config, data, state folder, package): exit 2. */
export const USAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BAD_CONFIG',
  'BAD_DATA',
  'BAD_CHECKPOINT',
  'STATE_EXISTS',
  'NOTHING_TO_ACQUIRE',
  'DATASET_CHANGED',
  'BAD_INPUT',
  'PACKAGE_UNSAFE',
  'PACKAGE_CORRUPT',
  'PACKAGE_TOO_LARGE',
  'PACKAGE_MISMATCH',
  'COMMAND_NOT_ALLOWED',
]);

/** A thrown non-Error (a string, an object) as text. */
function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch (error) {
    return `${typeof value} (${error instanceof Error ? error.message : 'not serialisable'})`;
  }
}

/** The stack of `error` and of its causes, for `--debug`. */
export function stackLines(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const text =
      current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : describeThrown(current);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

/** Writes the error's lines with `err` and returns the exit code. */
export function reportError(error: unknown, debug: boolean, err: (line: string) => void): number {
  const e = coerceError(error);
  if (e.code === 'INTERNAL') {
    const message = (e.message.split('\n')[0] ?? '') || e.name;
    err(`alcove: internal error: ${message}${debug ? '' : ' (run with --debug for the stack)'}`);
  } else {
    err(`alcove: ${e.message}`);
  }
  if (debug) err(stackLines(error));
  return USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
}
