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

export interface StageSample {
  readonly stage: string;
  readonly generation: number;
  /** Collector clock (ms) when the stage event arrived, i.e. the stage's end. */
  readonly end: number;
  readonly ms: number;
  readonly detail: Readonly<Record<string, number | string>>;
}

export interface TraceEntry {
  /** `stage:generation`, or `from>to` for a transition (a point: start = end). */
  readonly what: string;
  /** Milliseconds after the run's start. */
  readonly start: number;
  readonly end: number;
}

/** Sums of Alcove's orchestration timing events over a run, in ms. */
export interface OrchestrationSums {
  readonly step_ms: number;
  readonly checkpoint_ms: number;
  readonly observers_ms: number;
  readonly dispatch_ms: number;
  readonly views_ms: number;
  readonly engine_calls: number;
}

export const NO_ORCHESTRATION: OrchestrationSums = {
  step_ms: 0,
  checkpoint_ms: 0,
  observers_ms: 0,
  dispatch_ms: 0,
  views_ms: 0,
  engine_calls: 0,
};

export interface AlcoveTimings {
  readonly wall_s: number;
  /** Sum of the stage actors' durations, and per stage. */
  readonly stages_s: number;
  readonly stage_s: Readonly<Record<string, number>>;
  /** Sum of the engine calls (see above). */
  readonly engine_s: number;
  /** From `runCampaign`'s start to the first stage's start (includes the dataset load). */
  readonly setup_s: number;
  /** Gaps between one stage's end and the next one's start. */
  readonly between_s: number;
  /** From the last stage's end to `runCampaign`'s return. */
  readonly tail_s: number;
  /** The one-off dataset load excluded from both overhead figures (at most `setup_s`). */
  readonly load_s: number;
  /** The target: transitions + dispatch, from Alcove's timing events. */
  readonly orchestration_s: number;
  readonly orchestration_share: number;
  /** Its parts: transitions (xstate step + checkpoint + observers), of which checkpoint writes; dispatch. */
  readonly transitions_s: number;
  readonly checkpoint_s: number;
  readonly dispatch_s: number;
  readonly engine_calls: number;
  /** Views rewritten off the transition (status page, db.json, summary.json): main-thread time. */
  readonly views_s: number;
  readonly views_share: number;
  /** Run start (setup less the dataset load) and end (tail), outside the machine. */
  readonly run_edges_s: number;
  readonly run_edges_share: number;
  /** Upper bound: wall − load − engine calls. */
  readonly overhead_s: number;
  readonly overhead_share: number;
  /** Lower bound: wall − load − stage actors. */
  readonly overhead_outside_stages_s: number;
  readonly overhead_outside_stages_share: number;
  readonly transitions: number;
  /** Seconds of the first featurize stage (the one that computed or read the cache); null if none. */
  readonly featurize_s: number | null;
  readonly featurize_molecules: number | null;
  /** Molecules per second of that featurization. */
  readonly featurize_rate: number | null;
  /** Whether that featurization computed (`computed`) or read the feature cache (`hit`). */
  readonly featurize_cache: string | null;
  readonly train_rounds: number;
  readonly train_s_total: number;
  readonly train_s_per_round: number | null;
  /** Predictions over the candidate pool in `explore` (not the held-out test predictions). */
  readonly predict_rounds: number;
  readonly predict_s_total: number;
  readonly predict_s_per_round: number | null;
  /** Held-out test predictions in `evaluate`. */
  readonly test_predict_s: number;
  readonly oracle_s: number;
  readonly truth_s: number;
}

export interface TimingCollector {
  onStage(sample: Omit<StageSample, 'end'>): void;
  onTransition(from: string | null, to: string): void;
  onTiming(t: { readonly step_ms: number; readonly checkpoint_ms: number; readonly observers_ms: number }): void;
  onDispatch(d: { readonly dispatch_ms: number }): void;
  onViews(v: { readonly ms: number }): void;
  readonly samples: readonly StageSample[];
  /** Stages and transitions on the run's time line, for results.json (where did the time go). */
  trace(start: number): TraceEntry[];
  /** The figures for a run that started at `start` and ended at `end` (collector clock, ms). */
  summarize(start: number, end: number, loadMs: number): AlcoveTimings;
}

function num(detail: Readonly<Record<string, number | string>>, key: string): number {
  const v = detail[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
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

export function summarizeTimings(
  samples: readonly StageSample[],
  transitions: number,
  start: number,
  end: number,
  loadMs: number,
  orch: OrchestrationSums = NO_ORCHESTRATION,
): AlcoveTimings {
  const wall = end - start;
  const byStage: Record<string, number> = {};
  let stages = 0;
  let between = 0;
  let prevEnd: number | null = null;
  let featurize: StageSample | undefined;
  let trainRounds = 0;
  let trainMs = 0;
  let predictRounds = 0;
  let predictMs = 0;
  let testPredictMs = 0;
  let oracleMs = 0;
  let truthMs = 0;
  const ordered = [...samples].sort((a, b) => a.end - b.end);
  for (const s of ordered) {
    stages += s.ms;
    byStage[s.stage] = (byStage[s.stage] ?? 0) + s.ms / 1000;
    const begin = s.end - s.ms;
    if (prevEnd !== null) between += Math.max(0, begin - prevEnd);
    prevEnd = s.end;
    switch (s.stage) {
      case 'featurize':
        featurize ??= s;
        break;
      case 'train':
        if (s.detail.model === 'trained') {
          trainRounds += 1;
          trainMs += num(s.detail, 'train_ms');
        }
        break;
      case 'explore':
        oracleMs += num(s.detail, 'oracle_ms');
        if (num(s.detail, 'predict_ms') > 0) {
          predictRounds += 1;
          predictMs += num(s.detail, 'predict_ms');
        }
        break;
      case 'evaluate':
        truthMs += num(s.detail, 'truth_ms');
        testPredictMs += num(s.detail, 'predict_ms');
        break;
    }
  }
  const first = ordered[0];
  const setup = first === undefined ? wall : Math.max(0, first.end - first.ms - start);
  const tail = prevEnd === null ? 0 : Math.max(0, end - prevEnd);
  const load = Math.min(Math.max(0, loadMs), setup);
  const featurizeMs = featurize === undefined ? null : num(featurize.detail, 'featurize_ms') || featurize.ms;
  const engine = (featurizeMs ?? 0) + trainMs + predictMs + testPredictMs + oracleMs + truthMs;
  const overhead = Math.max(0, wall - load - engine);
  const outside = Math.max(0, wall - load - stages);
  const transitionsMs = orch.step_ms + orch.checkpoint_ms + orch.observers_ms;
  const orchestration = transitionsMs + orch.dispatch_ms;
  const edges = Math.max(0, setup - load) + tail;
  const molecules = featurize === undefined ? null : num(featurize.detail, 'molecules');
  const cache = featurize?.detail.cache;
  return {
    wall_s: wall / 1000,
    stages_s: stages / 1000,
    stage_s: byStage,
    engine_s: engine / 1000,
    setup_s: setup / 1000,
    between_s: between / 1000,
    tail_s: tail / 1000,
    load_s: load / 1000,
    orchestration_s: orchestration / 1000,
    orchestration_share: wall > 0 ? orchestration / wall : 0,
    transitions_s: transitionsMs / 1000,
    checkpoint_s: orch.checkpoint_ms / 1000,
    dispatch_s: orch.dispatch_ms / 1000,
    engine_calls: orch.engine_calls,
    views_s: orch.views_ms / 1000,
    views_share: wall > 0 ? orch.views_ms / wall : 0,
    run_edges_s: edges / 1000,
    run_edges_share: wall > 0 ? edges / wall : 0,
    overhead_s: overhead / 1000,
    overhead_share: wall > 0 ? overhead / wall : 0,
    overhead_outside_stages_s: outside / 1000,
    overhead_outside_stages_share: wall > 0 ? outside / wall : 0,
    transitions,
    featurize_s: featurizeMs === null ? null : featurizeMs / 1000,
    featurize_molecules: molecules,
    featurize_rate:
      featurizeMs !== null && molecules !== null && featurizeMs > 0 ? molecules / (featurizeMs / 1000) : null,
    featurize_cache: typeof cache === 'string' ? cache : null,
    train_rounds: trainRounds,
    train_s_total: trainMs / 1000,
    train_s_per_round: trainRounds > 0 ? trainMs / 1000 / trainRounds : null,
    predict_rounds: predictRounds,
    predict_s_total: predictMs / 1000,
    predict_s_per_round: predictRounds > 0 ? predictMs / 1000 / predictRounds : null,
    test_predict_s: testPredictMs / 1000,
    oracle_s: oracleMs / 1000,
    truth_s: truthMs / 1000,
  };
}
