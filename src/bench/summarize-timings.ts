/**
 * The benchmark's figures from a run's stage samples and orchestration sums; the doc comment of
 * `timing-collector.ts` says what each figure counts.
 */
import { NO_ORCHESTRATION, type AlcoveTimings, type OrchestrationSums, type StageSample } from './alcove-timings.js';

/** What the stage samples add up to, in ms (per stage in s), walked in the order the stages ended. */
interface StageTally {
  stages: number;
  readonly byStage: Record<string, number>;
  between: number;
  prevEnd: number | null;
  featurize: StageSample | undefined;
  trainRounds: number;
  trainMs: number;
  predictRounds: number;
  predictMs: number;
  testPredictMs: number;
  oracleMs: number;
  truthMs: number;
}

function num(detail: Readonly<Record<string, number | string>>, key: string): number {
  const v = detail[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Walks the samples in the order they ended: stage time, gaps between stages, engine calls. */
function tallyStages(ordered: readonly StageSample[]): StageTally {
  const t: StageTally = {
    stages: 0,
    byStage: {},
    between: 0,
    prevEnd: null,
    featurize: undefined,
    trainRounds: 0,
    trainMs: 0,
    predictRounds: 0,
    predictMs: 0,
    testPredictMs: 0,
    oracleMs: 0,
    truthMs: 0,
  };
  for (const s of ordered) {
    t.stages += s.ms;
    t.byStage[s.stage] = (t.byStage[s.stage] ?? 0) + s.ms / 1000;
    const begin = s.end - s.ms;
    if (t.prevEnd !== null) t.between += Math.max(0, begin - t.prevEnd);
    t.prevEnd = s.end;
    tallyEngineCalls(t, s);
  }
  return t;
}

/** Adds the engine calls of one stage sample (see `overhead_share`). */
function tallyEngineCalls(t: StageTally, s: StageSample): void {
  switch (s.stage) {
    case 'featurize':
      t.featurize ??= s;
      break;
    case 'train':
      if (s.detail.model === 'trained') {
        t.trainRounds += 1;
        t.trainMs += num(s.detail, 'train_ms');
      }
      break;
    case 'explore':
      t.oracleMs += num(s.detail, 'oracle_ms');
      if (num(s.detail, 'predict_ms') > 0) {
        t.predictRounds += 1;
        t.predictMs += num(s.detail, 'predict_ms');
      }
      break;
    case 'evaluate':
      t.truthMs += num(s.detail, 'truth_ms');
      t.testPredictMs += num(s.detail, 'predict_ms');
      break;
  }
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
  const ordered = [...samples].sort((a, b) => a.end - b.end);
  const tally = tallyStages(ordered);
  const { stages, byStage, between, prevEnd, featurize, trainRounds, trainMs, predictRounds, predictMs } = tally;
  const { testPredictMs, oracleMs, truthMs } = tally;
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
    model_worker_s: orch.model_worker_ms / 1000,
  };
}
