import { describe, expect, it } from 'vitest';
import {
  scalingFit,
  summarizeSystem,
  summarizeWorkload,
  type RunRecord,
  type SystemSummary,
  type WorkloadSummary,
} from '../../src/bench/aggregate-runs.js';
import { NO_OVERHEAD_SHARES, type RunFigures } from '../../src/bench/run-reports.js';
import { fitLogLogSlope } from '../../src/bench/slope-fit.js';
import { evaluateTargets, LIMITS } from '../../src/bench/targets.js';
import { planWorkloads } from '../../src/bench/workloads.js';

function figures(over: Partial<RunFigures>): RunFigures {
  return {
    wall_s: 10,
    process_s: 11,
    featurize_rate: 1000,
    featurize_s: 5,
    train_s_per_round: 1,
    predict_s_per_round: 1,
    train_rounds: 5,
    predict_rounds: 5,
    ...NO_OVERHEAD_SHARES,
    max_rss_bytes: 1e8,
    model_cpu_s: null,
    final_topk_scores: 0.5,
    final_topk_smiles: 0.5,
    history: [],
    ...over,
  };
}

const run = (system: RunRecord['system'], seed: number, f: Partial<RunFigures>): RunRecord => ({
  workload: 'enamine-50k',
  system,
  seed,
  order: seed,
  ok: true,
  figures: figures(f),
});

describe('aggregating runs', () => {
  it('medians for times, max for RSS, mean and sd for the science; failed runs are counted, not used', () => {
    const s = summarizeSystem([
      run('reference', 0, {
        wall_s: 150,
        max_rss_bytes: 3e8,
        final_topk_scores: 0.55,
        train_s_per_round: 7,
        predict_s_per_round: 16,
      }),
      run('reference', 1, {
        wall_s: 220,
        max_rss_bytes: 4e8,
        final_topk_scores: 0.6,
        train_s_per_round: 8,
        predict_s_per_round: 17,
      }),
      run('reference', 2, {
        wall_s: 170,
        max_rss_bytes: 2e8,
        final_topk_scores: 0.65,
        train_s_per_round: 9,
        predict_s_per_round: 15,
      }),
      { workload: 'enamine-50k', system: 'reference', seed: 3, order: 3, ok: false, error: 'boom' },
    ]) as SystemSummary;
    expect(s.runs).toBe(3);
    expect(s.failed).toBe(1);
    expect(s.wall_s).toBe(170);
    expect(s.max_rss_bytes).toBe(4e8);
    expect(s.topk_scores_mean).toBeCloseTo(0.6, 12);
    expect(s.topk_scores_sd).toBeCloseTo(0.05, 12);
    // Per-run sums 23, 25, 24: the median of the sums, not the sum of the medians.
    expect(s.train_predict_s_per_round).toBe(24);
  });

  it('the cost-growth fit uses the scaling pools and the headline, not the paired twin of the same size', () => {
    const at = (
      id: WorkloadSummary['id'],
      role: WorkloadSummary['role'],
      n: number,
      wall: number,
    ): WorkloadSummary => ({
      id,
      title: '',
      role,
      sameProtocol: true,
      poolSize: n,
      alcove: { ...(summarizeSystem([run('alcove', 0, { wall_s: wall })]) as SystemSummary) },
      reference: null,
    });
    const fit = scalingFit(
      [
        at('enamine-5k', 'scaling', 5000, 1),
        at('enamine-50k', 'headline', 50_000, 10),
        at('enamine-50k-paired', 'paired', 50_000, 99),
        at('esol', 'context', 1128, 50),
      ],
      'alcove',
    );
    expect(fit?.points.map((p) => p.n)).toEqual([5000, 50_000]);
    expect(fit?.slope).toBeCloseTo(1, 12);
    expect(scalingFit([at('enamine-50k', 'headline', 50_000, 10)], 'reference')).toBeNull();
  });

  it('no runs, no summary', () => {
    expect(summarizeSystem([])).toBeNull();
  });
});

function headline(alcove: Partial<SystemSummary>, reference: Partial<SystemSummary>): WorkloadSummary {
  const [w] = planWorkloads({ quick: false, seeds: 3, only: ['enamine-50k'] });
  const base = summarizeWorkload(w!, [run('alcove', 0, {}), run('reference', 0, {})], 49_699);
  return { ...base, alcove: { ...base.alcove!, ...alcove }, reference: { ...base.reference!, ...reference } };
}

describe('targets', () => {
  const good = headline(
    {
      featurize_rate: 6000,
      train_predict_s_per_round: 0.5,
      wall_s: 10,
      orchestration_share: 0.008,
      overhead_share: 0.03,
      max_rss_bytes: 3e8,
      topk_scores_mean: 0.57,
    },
    { featurize_rate: 2500, train_predict_s_per_round: 24, wall_s: 150, topk_scores_mean: 0.6, topk_scores_sd: 0.04 },
  );
  const slope = fitLogLogSlope([
    { n: 5000, cost: 1 },
    { n: 50_000, cost: 9 },
  ]);

  it('all pass with good figures; ratios are Alcove / reference', () => {
    const t = evaluateTargets(good, slope);
    expect(t.map((x) => [x.id, x.pass])).toEqual([
      ['featurize-rate', true],
      ['train-predict', true],
      ['wall', true],
      ['overhead', true],
      ['peak-rss', true],
      ['topk-scores', true],
      ['scaling', true],
    ]);
    expect(t[0]?.ratio).toBeCloseTo(2.4, 12);
    expect(t[1]?.ratio).toBeCloseTo(0.5 / 24, 12);
    expect(t[5]?.target).toBe('>= ref mean - sd (0.560)');
  });

  it('a paired workload adds its own science target, against the same floor rule', () => {
    const paired: WorkloadSummary = {
      ...headline({ topk_scores_mean: 0.58 }, { topk_scores_mean: 0.6, topk_scores_sd: 0.02 }),
      id: 'enamine-50k-paired',
      role: 'paired',
    };
    const t = evaluateTargets(good, slope, undefined, paired);
    expect(t.map((x) => x.id)).toEqual([
      'featurize-rate',
      'train-predict',
      'wall',
      'overhead',
      'peak-rss',
      'topk-scores',
      'topk-scores-paired',
      'scaling',
    ]);
    const p = t.find((x) => x.id === 'topk-scores-paired');
    expect(p).toMatchObject({
      workload: 'enamine-50k-paired',
      alcove: 0.58,
      reference: 0.6,
      target: '>= ref mean - sd (0.580)',
      pass: true,
    });
    const worse = { ...paired, alcove: { ...paired.alcove!, topk_scores_mean: 0.579 } };
    expect(evaluateTargets(good, slope, undefined, worse).find((x) => x.id === 'topk-scores-paired')?.pass).toBe(false);
    // The paired workload plans Alcove runs only, on the headline's seeds and file.
    const planned = planWorkloads({ quick: false, seeds: 3 });
    expect(planned.find((w) => w.id === 'enamine-50k-paired')).toMatchObject({
      pairedWith: 'enamine-50k',
      seeds: [0, 1, 2],
      role: 'paired',
    });
    expect(planWorkloads({ quick: true, seeds: 3 }).some((w) => w.role === 'paired')).toBe(false);
  });

  it('each limit fails just past its boundary and passes on it', () => {
    const at = (a: Partial<SystemSummary>, r: Partial<SystemSummary> = {}) => evaluateTargets(headline(a, r), null);
    expect(at({ featurize_rate: 1.5 * 2500 }, { featurize_rate: 2500 })[0]?.pass).toBe(true);
    expect(at({ featurize_rate: 1.49 * 2500 }, { featurize_rate: 2500 })[0]?.pass).toBe(false);
    expect(at({ train_predict_s_per_round: 2.41 }, { train_predict_s_per_round: 24 })[1]?.pass).toBe(false);
    expect(at({ wall_s: 37.5 }, { wall_s: 150 })[2]?.pass).toBe(true);
    expect(at({ wall_s: 38 }, { wall_s: 150 })[2]?.pass).toBe(false);
    expect(at({ orchestration_share: 0.01 })[3]?.pass).toBe(true);
    expect(at({ orchestration_share: 0.0101 })[3]?.pass).toBe(false);
    // The target is the definition (transitions + dispatch); the upper bound is context only.
    expect(at({ orchestration_share: 0.005, overhead_share: 0.5 })[3]?.pass).toBe(true);
    expect(at({ max_rss_bytes: LIMITS.peakRssBytes + 1 })[4]?.pass).toBe(false);
    expect(at({ topk_scores_mean: 0.56 }, { topk_scores_mean: 0.6, topk_scores_sd: 0.04 })[5]?.pass).toBe(true);
    expect(at({ topk_scores_mean: 0.559 }, { topk_scores_mean: 0.6, topk_scores_sd: 0.04 })[5]?.pass).toBe(false);
  });

  it('sub-linear growth passes only with a roughly constant marginal cost', () => {
    const sizes = [5000, 10_000, 25_000, 50_000];
    const fixedPlusLinear = fitLogLogSlope(sizes.map((n) => ({ n, cost: 1.3 + n * 1.5e-4 })));
    expect(fixedPlusLinear!.slope).toBeLessThan(0.8);
    expect(evaluateTargets(good, fixedPlusLinear)[6]?.pass).toBe(true);
    const sqrt = fitLogLogSlope(sizes.map((n) => ({ n, cost: Math.sqrt(n) })));
    expect(evaluateTargets(good, sqrt)[6]?.pass).toBe(false);
  });

  it('slopes above 1 + 0.2 fail; missing figures are n/a (null), not a pass', () => {
    const steep = fitLogLogSlope([
      { n: 5000, cost: 1 },
      { n: 50_000, cost: 20 },
    ]);
    expect(evaluateTargets(good, steep)[6]?.pass).toBe(false);
    const alone = evaluateTargets({ ...good, reference: null }, null);
    expect(alone.find((x) => x.id === 'wall')?.pass).toBeNull();
    expect(alone.find((x) => x.id === 'topk-scores')?.pass).toBeNull();
    expect(alone.find((x) => x.id === 'scaling')?.pass).toBeNull();
    // Alcove's own limits still apply without the reference.
    expect(alone.find((x) => x.id === 'peak-rss')?.pass).toBe(true);
    expect(evaluateTargets(undefined, null).every((x) => x.pass === null)).toBe(true);
  });
});
