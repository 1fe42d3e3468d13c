/**
 * Dispatch time of an engine call: how long the call kept the engines waiting on the orchestrator.
 *
 * An engine call fans work out to the pool (featurize chunks, tree pieces, prediction pieces), waits
 * for the replies and merges them. Workers stamp each task with its compute span (`TaskStats`:
 * `startedAt` on the process-wide high-resolution epoch `performance.timeOrigin + performance.now()`,
 * which threads of one process share, and `ms`). Dispatch is the part of the call's window in which no
 * worker was computing: splitting and marshalling the work, posting it, a worker picking it up and
 * deserialising it, the reply's way back, and merging the results; at a campaign's start also waiting
 * for worker threads to boot. A worker's engine initialisation before its first task (loading RDKit, see
 * worker.ts) is reported with that task and counts as compute. Time in which some workers compute and
 * others idle (uneven pieces) is load imbalance, not dispatch, and is not counted.
 */
import type { TaskStats } from '../shared/tasks.js';

/** Milliseconds on the clock that workers stamp their tasks with (shared by the threads of a process). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface ComputeSpan {
  readonly start: number;
  readonly ms: number;
}

export interface DispatchTiming {
  readonly stage: string;
  readonly kind: string;
  readonly generation: number;
  /** The engine call's window on the main thread. */
  readonly call_ms: number;
  /** Time in the window in which at least one worker computed. */
  readonly compute_ms: number;
  /** `call_ms - compute_ms`: no worker computing. */
  readonly dispatch_ms: number;
  /** Sum of the compute spans (worker-seconds, over all threads; warm-ups included). */
  readonly worker_ms: number;
  readonly tasks: number;
}

/** Length of the union of `spans` clipped to [from, to]. */
export function coveredMs(from: number, to: number, spans: readonly ComputeSpan[]): number {
  const clipped = spans
    .map((s) => [Math.max(from, s.start), Math.min(to, s.start + s.ms)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [a, b] of clipped) {
    if (Number.isNaN(curEnd) || a > curEnd) {
      if (!Number.isNaN(curEnd)) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) {
      curEnd = b;
    }
  }
  if (!Number.isNaN(curEnd)) total += curEnd - curStart;
  return total;
}

export function dispatchTiming(
  call: { readonly stage: string; readonly kind: string; readonly generation: number },
  from: number,
  to: number,
  spans: readonly ComputeSpan[],
  tasks: number = spans.length,
): DispatchTiming {
  const callMs = Math.max(0, to - from);
  const compute = Math.min(callMs, coveredMs(from, to, spans));
  return {
    ...call,
    call_ms: callMs,
    compute_ms: compute,
    dispatch_ms: callMs - compute,
    worker_ms: spans.reduce((s, x) => s + x.ms, 0),
    tasks,
  };
}

/** What a metered engine call hands its task callbacks: record each reply's stats. */
export type RecordTask = (stats: Pick<TaskStats, 'startedAt' | 'ms' | 'warmup'>) => void;

/**
 * Runs one engine call, collecting its tasks' compute spans, and reports its dispatch timing (also when
 * the call fails: the time was spent all the same).
 */
export async function metered<T>(
  call: { readonly stage: string; readonly kind: string; readonly generation: number },
  report: ((timing: DispatchTiming) => void) | undefined,
  body: (record: RecordTask) => Promise<T>,
): Promise<T> {
  if (report === undefined) return body(() => undefined);
  const spans: ComputeSpan[] = [];
  let tasks = 0;
  const from = epochNow();
  try {
    return await body((stats) => {
      tasks += 1;
      spans.push({ start: stats.startedAt, ms: stats.ms });
      // A worker's boot-time engine initialisation, if it overlaps this call, is compute as well.
      if (stats.warmup !== undefined) spans.push({ start: stats.warmup.startedAt, ms: stats.warmup.ms });
    });
  } finally {
    report(dispatchTiming(call, from, epochNow(), spans, tasks));
  }
}
