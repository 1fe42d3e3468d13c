import { describe, expect, it } from 'vitest';
import { decideRetry, type FailedAttempt } from '../../src/strategies/retry-policy.js';

const profile = { retries: 2, backoffS: 1, timeoutS: 10 };
const failed = (over: Partial<FailedAttempt>): FailedAttempt => ({
  class: 'error',
  attempt: 1,
  size: 100,
  timeoutMs: 10_000,
  retryable: false,
  ...over,
});

describe('decideRetry', () => {
  it('splits the work on out-of-memory, keeping the timeout', () => {
    expect(decideRetry(failed({ class: 'oom' }), profile)).toEqual({
      action: 'retry',
      split: true,
      dropBadInput: false,
      timeoutMs: 10_000,
      delayMs: 1000,
    });
  });

  it('cannot split a single item', () => {
    expect(decideRetry(failed({ class: 'oom', size: 1 }), profile)).toMatchObject({ action: 'retry', split: false });
  });

  it('doubles the timeout on timeout, up to 4x the profile, and splits', () => {
    expect(decideRetry(failed({ class: 'timeout' }), profile)).toMatchObject({ split: true, timeoutMs: 20_000 });
    expect(decideRetry(failed({ class: 'timeout', attempt: 2, timeoutMs: 30_000 }), profile)).toMatchObject({
      timeoutMs: 40_000,
      delayMs: 2000,
    });
  });

  it('drops bad input and retries at once', () => {
    expect(decideRetry(failed({ class: 'bad_input' }), profile)).toMatchObject({
      action: 'retry',
      dropBadInput: true,
      delayMs: 0,
    });
  });

  it('retries a crash as it was', () => {
    expect(decideRetry(failed({ class: 'crash' }), profile)).toMatchObject({ action: 'retry', split: false });
  });

  it('does not retry a deterministic error, but does a retryable one', () => {
    expect(decideRetry(failed({ class: 'error' }), profile).action).toBe('give-up');
    expect(decideRetry(failed({ class: 'error', retryable: true }), profile).action).toBe('retry');
  });

  it('gives up past the retry limit and on interruption', () => {
    expect(decideRetry(failed({ class: 'oom', attempt: 3 }), profile)).toMatchObject({ action: 'give-up' });
    expect(decideRetry(failed({ class: 'crash', attempt: 2 }), profile).action).toBe('retry');
    expect(decideRetry(failed({ class: 'interrupted' }), profile)).toEqual({
      action: 'give-up',
      reason: 'interrupted',
    });
  });
});
