/**
 * What a sweep's progress line says, as a pure function of its run events and the clock: runs finished of the
 * total (failed among them), the runs running and for how long, and an ETA from the rate at which this process
 * has finished runs (which counts the runs running side by side).
 */
import type { SweepRunEvent } from '../../sweep/run-one.js';

export interface SweepProgressState {
  readonly total: number;
  /** Runs finished before this process started (skipped). */
  readonly before: number;
  readonly done: number;
  readonly failed: number;
  readonly startedAt: number;
  /** Run id → when it started, in start order. */
  readonly running: ReadonlyMap<string, number>;
}

export function initialSweepProgress(total: number, before: number, now: number): SweepProgressState {
  return { total, before, done: 0, failed: 0, startedAt: now, running: new Map() };
}

export function nextSweepProgress(state: SweepProgressState, event: SweepRunEvent, now: number): SweepProgressState {
  const running = new Map(state.running);
  if (event.kind === 'start') {
    running.set(event.id, now);
    return { ...state, running };
  }
  running.delete(event.id);
  if (event.status === 'interrupted') return { ...state, running };
  return {
    ...state,
    running,
    done: state.done + (event.status === 'done' ? 1 : 0),
    failed: state.failed + (event.status === 'failed' ? 1 : 0),
  };
}

export function formatSeconds(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${(m / 60).toFixed(1)} h`;
}

export function describeSweepProgress(state: SweepProgressState, now: number): string {
  const finishedHere = state.done + state.failed;
  const finished = state.before + finishedHere;
  const failed = state.failed === 0 ? '' : ` (${state.failed} failed)`;
  const longest = [...state.running.values()].reduce((a, t) => Math.min(a, t), now);
  const running =
    state.running.size === 0 ? '' : `, ${state.running.size} running (longest ${formatSeconds(now - longest)})`;
  const left = state.total - finished;
  const elapsed = now - state.startedAt;
  const eta = finishedHere > 0 && left > 0 ? `, ETA ${formatSeconds((elapsed / finishedHere) * left)}` : '';
  return `sweep: ${finished}/${state.total} runs finished${failed}${running}${eta} (${formatSeconds(elapsed)})`;
}
