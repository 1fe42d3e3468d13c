/**
 * The supervisor: runs engine work as supervised attempts (`supervise.ts`) and numbers the attempts of
 * one run, so that every attempt record has its own id. What a supervised run is given and returns is
 * in `supervised-work.ts`.
 */
import type { Clock } from '../shared/clock.js';
import type { AttemptEvents } from './attempt-reporter.js';
import { supervise } from './supervise.js';
import type { SupervisedResult, SupervisedWork } from './supervised-work.js';

export type { AttemptRecord, TaskKind } from '../events/attempt-record.js';
export type { AttemptEvents } from './attempt-reporter.js';
export { classifyFailure } from './classify-failure.js';
export { range } from './item-range.js';
export type { ItemRunContext, SupervisedResult, SupervisedWork } from './supervised-work.js';

/** Runs work as supervised attempts: timeouts, classes, audit records and retries. */
export interface Supervisor {
  supervise<R>(work: SupervisedWork<R>): Promise<SupervisedResult<R>>;
}

/** Nothing listens: for a supervisor whose attempts nobody records. */
const UNHEARD: AttemptEvents = { emit: () => undefined };

export function createSupervisor(clock: Clock, events: AttemptEvents = UNHEARD, runId = 'run'): Supervisor {
  let counter = 0;
  const deps = { clock, events, runId, nextAttemptId: () => ++counter };
  return { supervise: (work) => supervise(deps, work) };
}
