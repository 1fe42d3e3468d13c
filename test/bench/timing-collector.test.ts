import { describe, expect, it } from 'vitest';
import { createTimingCollector, summarizeTimings, type StageSample } from '../../src/bench/timing-collector.js';

const stage = (
  name: string,
  generation: number,
  begin: number,
  end: number,
  detail: StageSample['detail'],
): StageSample => ({
  stage: name,
  generation,
  end,
  ms: end - begin,
  detail,
});

describe('campaign timings from stage events', () => {
  // A run from t = 0 to t = 1000 ms: load inside the 40 ms setup, four stages, gaps of 5 and 10 ms, 20 ms tail.
  const samples: StageSample[] = [
    stage('featurize', 0, 40, 440, { molecules: 2000, cache: 'computed', featurize_ms: 390 }),
    stage('explore', 0, 445, 455, { acquired: 20, predict_ms: 0, oracle_ms: 1 }),
    stage('featurize', 0, 455, 460, { molecules: 2000, cache: 'computed', featurize_ms: 5 }),
    stage('train', 0, 460, 700, { model: 'trained', train_ms: 230 }),
    stage('evaluate', 0, 700, 720, { predict_ms: 0, truth_ms: 12 }),
    stage('explore', 1, 730, 980, { acquired: 20, predict_ms: 200, oracle_ms: 2 }),
  ];
  const t = summarizeTimings(samples, 9, 0, 1000, 30);

  it('splits the wall time into setup, stages, gaps and tail', () => {
    expect(t.wall_s).toBeCloseTo(1, 12);
    expect(t.setup_s).toBeCloseTo(0.04, 12);
    expect(t.stages_s).toBeCloseTo(0.925, 12);
    expect(t.between_s).toBeCloseTo(0.015, 12);
    expect(t.tail_s).toBeCloseTo(0.02, 12);
    expect(t.stage_s.featurize).toBeCloseTo(0.405, 12);
  });

  it('overhead: upper bound counts everything but engine calls and the load, lower bound only time outside stages', () => {
    // engine = first featurize 390 + train 230 + predict 200 + oracle 3 + truth 12 = 835 ms.
    expect(t.engine_s).toBeCloseTo(0.835, 12);
    expect(t.overhead_s).toBeCloseTo(1 - 0.03 - 0.835, 12);
    expect(t.overhead_share).toBeCloseTo(0.135, 12);
    // wall 1000 - load 30 - stages 925 = 45 ms.
    expect(t.overhead_outside_stages_s).toBeCloseTo(0.045, 12);
  });

  it('featurization rate from the first featurize stage; train and predict per round', () => {
    expect(t.featurize_s).toBeCloseTo(0.39, 12);
    expect(t.featurize_rate).toBeCloseTo(2000 / 0.39, 9);
    expect(t.featurize_cache).toBe('computed');
    expect(t.train_rounds).toBe(1);
    expect(t.train_s_per_round).toBeCloseTo(0.23, 12);
    expect(t.predict_rounds).toBe(1);
    expect(t.predict_s_per_round).toBeCloseTo(0.2, 12);
    expect(t.oracle_s).toBeCloseTo(0.003, 12);
    expect(t.truth_s).toBeCloseTo(0.012, 12);
    expect(t.transitions).toBe(9);
  });

  it('the load never counts for more than the setup it happens in', () => {
    expect(summarizeTimings(samples, 9, 0, 1000, 500).load_s).toBeCloseTo(0.04, 12);
  });

  it('a reused model is neither a training round nor engine time', () => {
    const reused = summarizeTimings([stage('train', 2, 0, 10, { model: 'reused', train_ms: 0 })], 1, 0, 10, 0);
    expect(reused.train_rounds).toBe(0);
    expect(reused.train_s_per_round).toBeNull();
    expect(reused.overhead_share).toBeCloseTo(1, 12);
  });

  it('the collector stamps events with its clock and traces them relative to the start', () => {
    let clock = 100;
    const c = createTimingCollector(() => clock);
    c.onTransition(null, 'idle');
    clock = 150;
    c.onStage({ stage: 'featurize', generation: 0, ms: 40, detail: { molecules: 10, featurize_ms: 40 } });
    clock = 152;
    c.onTransition('featurize', 'explore');
    expect(c.trace(100)).toEqual([
      { what: '>idle', start: 0, end: 0 },
      { what: 'featurize:0', start: 10, end: 50 },
      { what: 'featurize>explore', start: 52, end: 52 },
    ]);
    const s = c.summarize(100, 160, 5);
    expect(s.setup_s).toBeCloseTo(0.01, 12);
    expect(s.tail_s).toBeCloseTo(0.01, 12);
    expect(s.transitions).toBe(2);
    expect(s.orchestration_s).toBe(0);
  });

  it('orchestration from the timing events: transitions and dispatch; views and the run edges beside it', () => {
    let clock = 0;
    const c = createTimingCollector(() => clock);
    c.onTiming({ step_ms: 1, checkpoint_ms: 2, observers_ms: 0.5 });
    c.onTiming({ step_ms: 1.5, checkpoint_ms: 1, observers_ms: 0.5 });
    c.onDispatch({ dispatch_ms: 3 });
    c.onDispatch({ dispatch_ms: 0.5 });
    c.onViews({ ms: 4 });
    clock = 20;
    c.onStage({ stage: 'featurize', generation: 0, ms: 15, detail: { molecules: 10, featurize_ms: 15 } });
    clock = 100;
    const s = c.summarize(0, 1000, 2);
    expect(s.transitions_s).toBeCloseTo(0.0065, 12);
    expect(s.checkpoint_s).toBeCloseTo(0.003, 12);
    expect(s.dispatch_s).toBeCloseTo(0.0035, 12);
    expect(s.engine_calls).toBe(2);
    expect(s.orchestration_s).toBeCloseTo(0.01, 12);
    expect(s.orchestration_share).toBeCloseTo(0.01, 12);
    expect(s.views_share).toBeCloseTo(0.004, 12);
    // Setup 5 ms less the 2 ms load, tail 980 ms.
    expect(s.run_edges_s).toBeCloseTo(0.983, 12);
  });
});
