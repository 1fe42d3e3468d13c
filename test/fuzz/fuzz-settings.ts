/**
 * Shared settings of the fuzz suite: one fixed seed (override with FUZZ_SEED=n to explore; fast-check prints
 * the seed and path of a failure, which replays it) and an explicit number of runs per property.
 */
import { readdirSync } from 'node:fs';
import type { Parameters } from 'fast-check';
import { ERROR_CODES, isAlcoveError } from '../../src/shared/errors.js';
import type { AlcoveError, ErrorCode } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_111);

/** `numRuns` cases of one property, from the suite's seed. */
export function fuzzRuns<T>(numRuns: number): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns };
}

/** A stack frame line, as Node prints them. */
export const STACK_LINE = /^\s+at .+[(:]/m;

/** Throws (failing the property) unless `error` is an AlcoveError with one of `codes` and a stack-free message. */
export function expectKnownError(error: unknown, codes: readonly ErrorCode[]): AlcoveError {
  if (!isAlcoveError(error)) {
    throw new Error(`expected an AlcoveError, got ${error instanceof Error ? error.name : typeof error}`, {
      cause: error,
    });
  }
  if (!(ERROR_CODES as readonly string[]).includes(error.code) || !codes.includes(error.code)) {
    throw new Error(`unexpected code ${error.code} (expected ${codes.join(' | ')}): ${error.message}`, {
      cause: error,
    });
  }
  if (error.message === '' || STACK_LINE.test(error.message)) {
    throw new Error(`a message without text or with a stack trace: ${JSON.stringify(error.message)}`);
  }
  return error;
}

/** The result of `fn`, or the known AlcoveError it threw (anything else fails the property). */
export function outcome<T>(fn: () => T, codes: readonly ErrorCode[]): T | AlcoveError {
  try {
    return fn();
  } catch (error) {
    return expectKnownError(error, codes);
  }
}

export async function asyncOutcome<T>(fn: () => Promise<T>, codes: readonly ErrorCode[]): Promise<T | AlcoveError> {
  try {
    return await fn();
  } catch (error) {
    return expectKnownError(error, codes);
  }
}

/** The repository's top-level entries, to check that a fuzz file wrote nothing into the checkout. */
export function repoListing(): string {
  return readdirSync(REPO_ROOT).sort().join('\n');
}
