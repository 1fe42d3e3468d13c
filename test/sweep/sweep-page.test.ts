/**
 * sweep.html from the rows of a real tiny sweep: numbers in the heatmap's cells, one curve per combination
 * against molecules labeled (batch sizes never averaged together), sd bands clipped to the metric's range,
 * the random baseline, and a failed-runs section only when a run failed.
 */
import { describe, expect, it } from 'vitest';
import { renderSweepPage } from '../../src/sweep/render-sweep-page.js';
import { buildFigures, chooseAxes } from '../../src/sweep/sweep-figures.js';
import type { SweepRow } from '../../src/sweep/sweep-row.js';
import { analyse } from '../../src/sweep/write-results.js';
import { failedRow, TINY_ROWS, tinyStatus } from './sweep-page-fixtures.js';

interface Trace {
  readonly type?: string;
  readonly name?: string;
  readonly mode?: string;
  readonly fill?: string;
  readonly x: number[];
  readonly y: (number | null)[];
  readonly z?: (number | null)[][];
  readonly texttemplate?: string;
}

function island(html: string): Record<string, { data: Trace[] }> {
  const m = /<script type="application\/json" id="results-data">([^<]*)<\/script>/.exec(html);
  return (JSON.parse(m?.[1] ?? 'null') as { figures: Record<string, { data: Trace[] }> }).figures;
}

const page = (rows: readonly SweepRow[]) =>
  renderSweepPage({ status: tinyStatus(), results: analyse(rows, 'topk_scores', 'maximize') });

describe('sweep.html', () => {
  it('writes the mean of each cell into the heatmap', () => {
    const heat = island(page(TINY_ROWS))['plot-heatmap-0']?.data[0];
    expect(heat?.type).toBe('heatmap');
    expect(heat?.texttemplate).toBe('%{z:.3f}');
    // y: campaign.batch (5, 10); x: strategy (greedy, random); means of the two seeds' final topk_scores.
    expect(heat?.z?.map((r) => r.map((v) => Number(v?.toFixed(3))))).toEqual([
      [0.05, 0],
      [0.15, 0.15],
    ]);
  });

  it('draws one curve per combination against molecules labeled, with the random baseline', () => {
    const curves = island(page(TINY_ROWS))['plot-curves']?.data ?? [];
    const lines = curves.filter((t) => t.mode === 'lines+markers');
    expect(lines).toHaveLength(4);
    const byName: Record<string, number[]> = Object.fromEntries(lines.map((t) => [t.name ?? '', t.x]));
    expect(byName['acquisition.strategy=greedy, campaign.batch=5']).toEqual([10, 15, 20]);
    expect(byName['acquisition.strategy=greedy, campaign.batch=10']).toEqual([10, 20, 30]);
    const baseline = curves.find((t) => t.name === 'random baseline');
    expect(baseline?.x).toEqual([0, 10, 15, 20, 30]);
    expect(baseline?.y).toEqual([0, 10 / 150, 15 / 150, 20 / 150, 30 / 150]);
  });

  it('clips the sd bands to the metric range (no band below 0 for a top-k share)', () => {
    const f = buildFigures(
      TINY_ROWS,
      analyse(TINY_ROWS, 'topk_scores', 'maximize').combos,
      'topk_scores',
      chooseAxes(tinyStatus().paramKeys, tinyStatus().plots),
    );
    // greedy, batch 5: seeds end at 0.0 and 0.1, so mean 0.05 - sd 0.0707 would be below 0.
    const s = f.curves.find((c) => c.name === 'acquisition.strategy=greedy, campaign.batch=5');
    expect((s?.mean.at(-1) ?? 0) - (s?.sd.at(-1) ?? 0)).toBeLessThan(0);
    const bands = (island(page(TINY_ROWS))['plot-curves']?.data ?? []).filter((t) => t.mode === 'lines');
    const lower = bands.filter((t) => t.fill === 'tonexty');
    expect(lower).toHaveLength(4);
    for (const t of bands) for (const v of t.y) expect(v).toBeGreaterThanOrEqual(0);
    for (const t of bands) for (const v of t.y) expect(v).toBeLessThanOrEqual(1);
    expect(Math.min(...lower.flatMap((t) => t.y as number[]))).toBe(0);
  });

  it('has no failed-runs section when none failed, and lists failed runs as text when some did', () => {
    const clean = page(TINY_ROWS);
    expect(clean).not.toContain('Failed runs');
    expect(clean).not.toContain('class="card failed-runs"');
    const failed = page([...TINY_ROWS, failedRow()]);
    expect(failed).toContain('Failed runs (1)');
    expect(failed).toContain('train: OOM: &lt;img src=x onerror=alert(1)&gt;');
    expect(failed).not.toContain('<img src=x');
  });

  it('draws no baseline for a metric without one, or runs over different pools', () => {
    const r2 = renderSweepPage({
      status: tinyStatus({ metric: 'explored_topk_mean' }),
      results: analyse(TINY_ROWS, 'explored_topk_mean', 'maximize'),
    });
    expect((island(r2)['plot-curves']?.data ?? []).map((t) => t.name)).not.toContain('random baseline');
    const mixed = TINY_ROWS.map((r, i) => (i === 0 ? { ...r, pool: 300 } : r));
    expect((island(page(mixed))['plot-curves']?.data ?? []).map((t) => t.name)).not.toContain('random baseline');
  });

  it('renders a sweep with no finished run yet, held runs shown', () => {
    const html = renderSweepPage({
      status: tinyStatus({
        state: 'holding',
        held: [{ id: 'h1', params: { 'acquisition.strategy': 'ucb' }, seed: 0, until: '22:00', reason: 'off-peak' }],
      }),
      results: analyse([], 'topk_scores', 'maximize'),
    });
    expect(Object.keys(island(html))).toEqual([]);
    expect(html).toContain('No finished run yet.');
    expect(html).toContain('Held runs (1)');
    expect(html).toContain('off-peak');
    expect(html).not.toContain('class="card failed-runs"');
  });
});
