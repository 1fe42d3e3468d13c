/**
 * compare.html's figures: campaigns with different headlines get a plot each (never one axis for R² and a
 * top-k share), the baseline only for a top-k share with a known pool (one per pool size), names made unique,
 * and untrusted names escaped.
 */
import { describe, expect, it } from 'vitest';
import type { ComparedCampaign } from '../../src/compare/index.js';
import { renderComparePage } from '../../src/compare/index.js';

function campaign(over: Partial<ComparedCampaign>): ComparedCampaign {
  return {
    dir: 'runs/a',
    name: 'a',
    status: 'done',
    model: 'random-forest',
    strategy: 'greedy',
    generation: 2,
    generations: 2,
    labeled: 30,
    headline: 'topk_scores',
    headlineValue: 0.2,
    points: [
      { generation: 0, labeled: 10, value: 0 },
      { generation: 1, labeled: 20, value: 0.1 },
      { generation: 2, labeled: 30, value: 0.2 },
    ],
    pool: 100,
    ...over,
  };
}

function figures(html: string): Record<string, { data: { name: string; x: number[] }[] }> {
  const m = /<script type="application\/json" id="results-data">([^<]*)<\/script>/.exec(html);
  return (JSON.parse(m?.[1] ?? 'null') as { figures: Record<string, { data: { name: string; x: number[] }[] }> })
    .figures;
}

describe('compare.html', () => {
  it('draws a plot per headline metric, with a baseline per pool only for top-k shares', () => {
    const html = renderComparePage([
      campaign({}),
      campaign({ dir: 'runs/b', name: 'b', pool: 200 }),
      campaign({ dir: 'runs/esol', name: 'esol', headline: 'r2', headlineValue: 0.5, pool: 900 }),
    ]);
    const f = figures(html);
    expect(Object.keys(f)).toEqual(['plot-compare-0', 'plot-compare-1']);
    expect(f['plot-compare-0']?.data.map((t) => t.name)).toEqual([
      'a',
      'b',
      'random baseline (pool 100)',
      'random baseline (pool 200)',
    ]);
    expect(f['plot-compare-1']?.data.map((t) => t.name)).toEqual(['esol']);
    expect(html).toContain('Learning curves (r2)');
  });

  it('tells campaigns of the same name apart by folder and escapes names', () => {
    const html = renderComparePage([
      campaign({ name: '<script>x</script>' }),
      campaign({ dir: 'runs/b', name: '<script>x</script>', pool: null }),
    ]);
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt; (runs/a)');
    const names = figures(html)['plot-compare-0']?.data.map((t) => t.name);
    expect(names).toEqual(['<script>x</script> (runs/a)', '<script>x</script> (runs/b)', 'random baseline']);
  });
});
