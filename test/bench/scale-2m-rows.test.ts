import { describe, expect, it } from 'vitest';
import { scaleTargets } from '../../src/bench/scale-2m-rows.js';
import type { Scale2mResult, ScalePoint } from '../../src/bench/scale-2m.js';

function point(molecules: number, wall: number, rss: number, model: 'forest' | 'network' = 'forest'): ScalePoint {
  const figures = { wall_s: wall, max_rss_bytes: rss, predict_s_per_round: 5, final_topk_scores: 0.5 };
  return {
    molecules,
    model,
    prune: false,
    figures: figures as unknown as ScalePoint['figures'],
    error: null,
    rdkit_alone_rate: 3000,
    featurize_ratio: 0.95,
    cost_per_molecule_ms: (wall * 1000) / molecules,
    pool_remaining: [],
  };
}

function result(points: ScalePoint[]): Scale2mResult {
  const fit = points.filter((p) => p.model === 'forest');
  const perMolecule = fit.map((p) => ({
    n: p.molecules,
    cost: p.figures!.wall_s,
    perMolecule: p.figures!.wall_s / p.molecules,
  }));
  const slope = { slope: 0.8, r2: 0.99, points: perMolecule, marginal: [], marginalSpread: null };
  return { library_file: 'x', library_build_s: null, threads: 2, points, slope: slope as never };
}

describe('scaleTargets', () => {
  it('passes a cost per molecule that falls with the pool (fixed start-up costs)', () => {
    const t = scaleTargets(result([point(50_000, 28, 3e8), point(500_000, 98, 7e8), point(2_000_000, 430, 1.7e9)]));
    expect(t.cost_per_molecule_grows_under_1_5x).toBe(true);
    expect(t.wall_under_20_min).toBe(true);
  });

  it('fails a cost per molecule that grows more than 1.5x with the pool', () => {
    const t = scaleTargets(result([point(50_000, 10, 3e8), point(2_000_000, 900, 1.7e9)]));
    expect(t.cost_per_molecule_grows_under_1_5x).toBe(false);
  });

  it('holds every 2M run, the network too, to 2 GiB', () => {
    const big = 2.2 * 1024 ** 3;
    const t = scaleTargets(
      result([point(50_000, 28, 3e8), point(2_000_000, 430, 1.7e9), point(2_000_000, 420, big, 'network')]),
    );
    expect(t.rss_under_2_gib_every_2m_run).toBe(false);
    const ok = scaleTargets(result([point(2_000_000, 430, 1.7e9), point(2_000_000, 420, 2.05e9, 'network')]));
    expect(ok.rss_under_2_gib_every_2m_run).toBe(true);
  });

  it('holds pruning to the top-k found and the prediction time of the same model without it', () => {
    const pruned = (found: number, predict: number): ScalePoint => {
      const p = point(2_000_000, 400, 1.8e9, 'network');
      return { ...p, prune: true, figures: { ...p.figures!, final_topk_scores: found, predict_s_per_round: predict } };
    };
    const plain = point(2_000_000, 420, 1.8e9, 'network');
    const same = scaleTargets(result([plain, pruned(0.5, 3)]));
    expect(same.network_prune_found_no_lower).toBe(true);
    expect(same.network_prune_predicts_faster).toBe(true);
    const worse = scaleTargets(result([plain, pruned(0.49, 6)]));
    expect(worse.network_prune_found_no_lower).toBe(false);
    expect(worse.network_prune_predicts_faster).toBe(false);
    expect(worse.forest_prune_found_no_lower).toBeNull();
  });
});
