/**
 * Errors carry a stable `code` and a retry decision. They cross worker threads as plain data
 * (`SerializedError`), because class identity and custom fields are lost in `postMessage`.
 */
export const ERROR_CODES = [
  'BAD_CONFIG',
  'BAD_DATA',
  'BAD_INPUT',
  'BAD_CHECKPOINT',
  'STATE_EXISTS',
  /** The pool has no molecule the campaign could acquire (all invalid, unlabeled or held out; an empty file). */
  'NOTHING_TO_ACQUIRE',
  /** `--resume` over a dataset file whose sha256 is not the one the checkpoint recorded. */
  'DATASET_CHANGED',
  /** A package entry that could write outside its folder: `..`, absolute path, link, device, duplicate name. */
  'PACKAGE_UNSAFE',
  /** A package that is not a readable Alcove .tar.gz: bad gzip, bad tar header (size, checksum), bad manifest. */
  'PACKAGE_CORRUPT',
  /** A package that unpacks past the size or entry-count cap (a gzip bomb, or a header claiming too much). */
  'PACKAGE_TOO_LARGE',
  /** A package whose entries do not match its manifest (changed, missing, unlisted or required files). */
  'PACKAGE_MISMATCH',
  /** A package would run a program (a command oracle) and `--allow-commands` was not given. */
  'COMMAND_NOT_ALLOWED',
  /** A file of the state folder could not be written (ENOSPC, EIO, EROFS …): the run stops, the last checkpoint stays. */
  'WRITE_FAILED',
  'ORACLE_FAILED',
  /** The oracle is a laboratory whose results for a batch have not come back (`--tell` them). */
  'ORACLE_WAITING',
  'TASK_FAILED',
  'OUT_OF_MEMORY',
  'TIMEOUT',
  'ABORTED',
  'WORKER_CRASHED',
  /** A remote task vanished without its result (a node failure; a job gone without a marker): run it again. */
  'TASK_LOST',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Machine-readable facts about a failure, e.g. which items of a task were bad input. */
export interface ErrorDetails {
  /** Positions (within the task's items) that caused the failure. */
  readonly items?: readonly number[];
}

export interface SerializedError {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: ErrorDetails;
  readonly stack?: string;
}

export class AlcoveError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown; details?: ErrorDetails } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AlcoveError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** What a refused write that stops a run advises (a view's refused write only warns, without it). */
const WRITE_ADVICE = '; the last checkpoint is kept: free space (or fix the disk) and run again with --resume';

/** A failed write of `path` as a one-line, stable-coded error (the node error is its cause). */
export function writeFailed(path: string, error: unknown): AlcoveError {
  if (error instanceof AlcoveError && error.code === 'WRITE_FAILED') return error;
  const why = error instanceof Error ? error.message : String(error);
  return new AlcoveError('WRITE_FAILED', `cannot write ${path}: ${why}${WRITE_ADVICE}`, { cause: error });
}

/** An error's message, for a warning: a refused write's without the advice to resume (the run goes on). */
export function warningText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof AlcoveError && error.code === 'WRITE_FAILED' ? message.replace(WRITE_ADVICE, '') : message;
}

export function isAlcoveError(value: unknown): value is AlcoveError {
  return value instanceof AlcoveError;
}

/** Normalise anything thrown into an AlcoveError, once, at the boundary where it is caught. */
export function coerceError(value: unknown, fallback: ErrorCode = 'INTERNAL'): AlcoveError {
  if (value instanceof AlcoveError) return value;
  if (isSerializedError(value)) return fromSerializedError(value);
  if (value instanceof Error) {
    const nodeCode = (value as { code?: unknown }).code;
    if (nodeCode === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new AlcoveError('OUT_OF_MEMORY', value.message, { retryable: true, cause: value });
    }
    if (value.name === 'AbortError') return new AlcoveError('ABORTED', value.message, { cause: value });
    const err = new AlcoveError(fallback, value.message, { cause: value });
    if (value.stack !== undefined) err.stack = value.stack;
    return err;
  }
  return new AlcoveError(fallback, typeof value === 'string' ? value : JSON.stringify(value));
}

export function toSerializedError(value: unknown): SerializedError {
  const err = coerceError(value);
  return {
    name: err.name,
    code: err.code,
    message: err.message,
    retryable: err.retryable,
    ...(err.details === undefined ? {} : { details: err.details }),
    ...(err.stack === undefined ? {} : { stack: err.stack }),
  };
}

export function fromSerializedError(data: SerializedError): AlcoveError {
  const err = new AlcoveError(data.code, data.message, {
    retryable: data.retryable,
    ...(data.details === undefined ? {} : { details: data.details }),
  });
  if (data.stack !== undefined) err.stack = data.stack;
  return err;
}

export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    typeof v.retryable === 'boolean'
  );
}
