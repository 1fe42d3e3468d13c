/** A failed job's reason back to a class: the worker's tagged reasons, BullMQ's stall limit, anything else. */
import { describe, expect, it } from 'vitest';
import { classOfFailure, failureReason } from '../../src/bullmq/failure-reason.js';

describe('classOfFailure', () => {
  it('reads the class a worker put in brackets', () => {
    expect(classOfFailure(failureReason('interrupted', 'cancelled'))).toEqual({
      class: 'interrupted',
      message: 'cancelled',
    });
    expect(classOfFailure(failureReason('error', 'no task file\nat /x'))).toEqual({
      class: 'error',
      message: 'no task file\nat /x',
    });
  });
  it("makes BullMQ's stall limit `lost` (the workers died under the job)", () => {
    expect(classOfFailure('job stalled more than allowable limit').class).toBe('lost');
  });
  it('takes anything else (a tag that is no class, ok included) for a crash of the worker', () => {
    expect(classOfFailure('[ok] fine').class).toBe('crash');
    expect(classOfFailure('[nonsense] x').class).toBe('crash');
    expect(classOfFailure('Unexpected exit code: 1').class).toBe('crash');
  });
});
