/**
 * Turns a campaign's typed `stage` / `transition` events into the benchmark's timing figures.
 *
 * Stage events carry the stage actor's duration (`ms`, from the stage function's first line to its
 * event) and the engine calls inside it (`featurize_ms`, `train_ms`, `predict_ms`, `oracle_ms`,
 * `truth_ms`). Stages never overlap, so an event received at `t` with duration `ms` occupies [t - ms, t].
 *
 * Where orchestration time lands (measured: see the `trace` in results.json). xstate starts the next
 * stage's actor inside the transition, *before* its observers run; the stage runs to its first `await`,
 * then the driver's observer writes the checkpoint (fsync), the recorder rewrites the status page and
 * the audit log, and only then does the stage continue. So most of a transition's work is inside the
 * *next stage's* measured duration, not between stages: it is hidden when that stage waits on worker
 * threads and adds to its time when it does not (a featurize re-entry that finds the features in memory
 * is almost nothing but the previous transition's work).
 *
 * The target figure is the issue's definition, "time in transitions, checkpoint writes and dispatch",
 * from Alcove's own timing events (`orchestration_share`):
 *   - transitions (`timing` events from the driver): the xstate step, the checkpoint write and the
 *     synchronous observers (audit, events). Stage actors yield before their work (see `toActors`), so
 *     a transition no longer hides inside the next stage: it sits between two stages on the time line;
 *   - dispatch (`dispatch` events, see src/pool/dispatch-meter.ts): the part of each engine call in
 *     which no worker was computing (marshalling, posting, transit, merging the replies).
 * Reported beside it, not in it: views (`views` events: status page, db.json and summary.json rewrites,
 * deferred off the transition but still main-thread time) and the run's start and end outside the
 * machine (setup less the dataset load; the tail: report, manifest). And two older figures, both
 * excluding the one-off dataset load:
 *   - `overhead_share` (the target, an upper bound): wall − load − engine calls. Engine calls are the
 *     first featurize stage (the one that computes or reads the cache; later featurize stages are
 *     re-entries into an in-memory memo), the forest's train and predict calls, oracle labelling and the
 *     one-off oracle truth in `evaluate` (a stage cost, never overhead). Everything else counts:
 *     xstate transitions, checkpoint writes, status page / audit / summary / db writes, dispatch of
 *     stage actors, re-entries, and the stages' own main-thread glue (index bookkeeping, model-key
 *     hashing, acquisition ranking, metrics: a few ms per round).
 *   - `overhead_outside_stages_share` (a lower bound, the literal "wall − time inside stage actors −
 *     load"): setup before the first stage + gaps between stages + tail after the last one.
 */

import { NO_ORCHESTRATION, type AlcoveTimings, type StageSample, type TraceEntry } from './alcove-timings.js';
import { summarizeTimings } from './summarize-timings.js';

export {
  NO_ORCHESTRATION,
  type AlcoveTimings,
  type OrchestrationSums,
  type StageSample,
  type TraceEntry,
} from './alcove-timings.js';
export { summarizeTimings } from './summarize-timings.js';

export interface TimingCollector {
  onStage(sample: Omit<StageSample, 'end'>): void;
  onTransition(from: string | null, to: string): void;
  onTiming(t: { readonly step_ms: number; readonly checkpoint_ms: number; readonly observers_ms: number }): void;
  onDispatch(d: { readonly dispatch_ms: number; readonly kind?: string; readonly worker_ms?: number }): void;
  onViews(v: { readonly ms: number }): void;
  readonly samples: readonly StageSample[];
  /** Stages and transitions on the run's time line, for results.json (where did the time go). */
  trace(start: number): TraceEntry[];
  /** The figures for a run that started at `start` and ended at `end` (collector clock, ms). */
  summarize(start: number, end: number, loadMs: number): AlcoveTimings;
}

export function createTimingCollector(now: () => number): TimingCollector {
  const samples: StageSample[] = [];
  const moves: { what: string; at: number }[] = [];
  const orch = { ...NO_ORCHESTRATION };
  return {
    samples,
    onTiming(t) {
      orch.step_ms += t.step_ms;
      orch.checkpoint_ms += t.checkpoint_ms;
      orch.observers_ms += t.observers_ms;
    },
    onDispatch(d) {
      orch.dispatch_ms += d.dispatch_ms;
      orch.engine_calls += 1;
      if (d.kind === 'train' || d.kind === 'predict') orch.model_worker_ms += d.worker_ms ?? 0;
    },
    onViews(v) {
      orch.views_ms += v.ms;
    },
    onStage(sample) {
      samples.push({ ...sample, end: now() });
    },
    onTransition(from, to) {
      moves.push({ what: `${from ?? ''}>${to}`, at: now() });
    },
    trace(start) {
      const round = (ms: number) => Math.round((ms - start) * 10) / 10;
      return [
        ...samples.map((s) => ({ what: `${s.stage}:${s.generation}`, start: round(s.end - s.ms), end: round(s.end) })),
        ...moves.map((m) => ({ what: m.what, start: round(m.at), end: round(m.at) })),
      ].sort((a, b) => a.end - b.end);
    },
    summarize(start, end, loadMs) {
      return summarizeTimings(samples, moves.length, start, end, loadMs, orch);
    },
  };
}
