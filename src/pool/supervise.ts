/**
 * One supervised piece of work: every attempt runs under a timeout, ends in one class, is reported,
 * and is retried according to `decideRetry`: resource failures run again as two halves with a longer
 * timeout, bad input is dropped, deterministic errors are not retried blindly. What could not be done
 * after the retries comes back as failed items.
 */
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import type { TaskClass } from '../shared/vocabulary.js';
import { decideRetry, type RetryDecision } from '../strategies/retry-policy.js';
import { type AttemptGuard, guardAttempt } from './attempt-guard.js';
import { type AttemptEvents, reportAttempt } from './attempt-reporter.js';
import { type AttemptFailure, classifyFailure } from './classify-failure.js';
import type { SupervisedResult, SupervisedWork } from './supervised-work.js';

/** What every supervised run shares: the clock, where attempts are reported, and how they are named. */
export interface SuperviseDeps {
  readonly clock: Clock;
  readonly events: AttemptEvents;
  readonly runId: string;
  /** The next attempt number of the supervisor (1, 2, ...), for attempt ids. */
  readonly nextAttemptId: () => number;
}

/** One call of `supervise`: its work, and what its attempts have produced so far. */
interface Run<R> {
  readonly deps: SuperviseDeps;
  readonly work: SupervisedWork<R>;
  /** The task chain's label: its first attempt's items. */
  readonly task: string;
  readonly parts: { items: readonly number[]; value: R }[];
  readonly failed: { items: readonly number[]; class: TaskClass; message: string }[];
  readonly dropped: number[];
}

type Retry = Extract<RetryDecision, { action: 'retry' }>;

export async function supervise<R>(deps: SuperviseDeps, work: SupervisedWork<R>): Promise<SupervisedResult<R>> {
  const run: Run<R> = {
    deps,
    work,
    task: `${work.kind}:${work.items[0] ?? 0}+${work.items.length}`,
    parts: [],
    failed: [],
    dropped: [],
  };
  const baseTimeout = work.profile.timeoutS === null ? null : work.profile.timeoutS * 1000;
  await attempt(run, work.items, 1, baseTimeout);
  run.parts.sort((a, b) => (a.items[0] ?? 0) - (b.items[0] ?? 0));
  return { parts: run.parts, failed: run.failed, dropped: run.dropped };
}

/** Attempt `n` over `items`, then its retries if it failed. The guard is released after the retries. */
async function attempt<R>(run: Run<R>, items: readonly number[], n: number, timeoutMs: number | null): Promise<void> {
  if (items.length === 0) return;
  if (run.work.signal?.aborted) throw new AlcoveError('ABORTED', `${run.work.stage} interrupted`);
  const guard = guardAttempt(run.deps.clock, timeoutMs, run.work.signal);
  try {
    const failure = await tryOnce(run, items, n, timeoutMs, guard);
    if (failure !== null) await afterFailure(run, items, n, timeoutMs, failure);
  } finally {
    guard.release();
  }
}

/** Runs one attempt and reports it; returns its failure, or null when it succeeded (its part is kept). */
async function tryOnce<R>(
  run: Run<R>,
  items: readonly number[],
  n: number,
  timeoutMs: number | null,
  guard: AttemptGuard,
): Promise<AttemptFailure | null> {
  const { deps, work } = run;
  const report = reportAttempt(deps.clock, deps.events, {
    id: `${deps.runId}/${work.stage}/${deps.nextAttemptId()}`,
    stage: work.stage,
    kind: work.kind,
    generation: work.generation,
    task: run.task,
    attempt: n,
    params: { items: items.length, first: items[0] ?? 0, timeout_ms: timeoutMs },
  });
  try {
    // The task is posted first (Piscina posts synchronously when a thread is free) and recorded
    // right after, in the same tick: the audit write overlaps the worker's start instead of delaying it.
    const running = work.run(items, { signal: guard.signal, attempt: n });
    report.started();
    const out = await running;
    report.ended('ok', null, out.heapUsed ?? null);
    run.parts.push({ items, value: out.value });
    return null;
  } catch (error) {
    const failure = classifyFailure(error, { timedOut: guard.timedOut(), interrupted: work.signal?.aborted === true });
    report.ended(failure.cls, failure.err, null);
    return failure;
  }
}

/** Interrupts, gives up, or retries a failed attempt as `decideRetry` says. */
async function afterFailure<R>(
  run: Run<R>,
  items: readonly number[],
  n: number,
  timeoutMs: number | null,
  { cls, err }: AttemptFailure,
): Promise<void> {
  const { work } = run;
  if (cls === 'interrupted') throw new AlcoveError('ABORTED', `${work.stage} interrupted`, { cause: err });
  const decision = decideRetry(
    { class: cls, attempt: n, size: items.length, timeoutMs, retryable: err.retryable },
    work.profile,
  );
  if (decision.action === 'give-up') {
    run.failed.push({ items, class: cls, message: `${err.message} (${decision.reason})` });
    return;
  }
  await run.deps.clock.sleep(decision.delayMs, work.signal);
  if (decision.dropBadInput) {
    await retryWithoutBadInput(run, items, n, decision, { cls, err });
  } else if (decision.split) {
    const mid = Math.ceil(items.length / 2);
    await Promise.all([
      attempt(run, items.slice(0, mid), n + 1, decision.timeoutMs),
      attempt(run, items.slice(mid), n + 1, decision.timeoutMs),
    ]);
  } else {
    await attempt(run, items, n + 1, decision.timeoutMs);
  }
}

/** Drops the items the error named as bad input and retries the rest; fails all when none was named. */
async function retryWithoutBadInput<R>(
  run: Run<R>,
  items: readonly number[],
  n: number,
  decision: Retry,
  { cls, err }: AttemptFailure,
): Promise<void> {
  const bad = new Set((err.details?.items ?? []).map((pos) => items[pos]).filter((i) => i !== undefined));
  if (bad.size === 0) {
    run.failed.push({ items, class: cls, message: `${err.message} (bad input, but no molecule was named)` });
    return;
  }
  for (const i of bad) run.dropped.push(i);
  await attempt(
    run,
    items.filter((i) => !bad.has(i)),
    n + 1,
    decision.timeoutMs,
  );
}
