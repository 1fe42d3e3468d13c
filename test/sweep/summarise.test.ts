import { describe, expect, it } from 'vitest';
import { failedRuns, pickBest, summariseCombos } from '../../src/sweep/summarise.js';
import { resultsCsv } from '../../src/sweep/write-results.js';
import type { SweepRow } from '../../src/sweep/sweep-row.js';

function row(
  combo: string,
  params: Record<string, string | number>,
  seed: number,
  value: number | null,
  index: number,
): SweepRow {
  return {
    id: `${combo}-${seed}`,
    combo,
    index,
    seed,
    params,
    status: value === null ? 'failed' : 'done',
    error: value === null ? 'train: TIMEOUT: too slow' : null,
    final: value === null ? {} : { topk_scores: value },
    rounds:
      value === null
        ? []
        : [
            { generation: 0, labeled: 10, metrics: { topk_scores: value / 2 } },
            { generation: 1, labeled: 20, metrics: { topk_scores: value } },
          ],
    labeled: 20,
    wall_s: 1,
    stage_s: {},
    task_s: 1,
    finished_at: '2025-01-01T00:00:00.000Z',
  };
}

// Known optimum: b (mean 0.8, sd 0.1); c has a higher single value but one failed seed and a lower mean.
const rows: SweepRow[] = [
  row('a', { s: 'greedy', batch: 10 }, 0, 0.5, 0),
  row('a', { s: 'greedy', batch: 10 }, 1, 0.7, 1),
  row('a', { s: 'greedy', batch: 10 }, 2, 0.6, 2),
  row('b', { s: 'ucb', batch: 10 }, 0, 0.7, 3),
  row('b', { s: 'ucb', batch: 10 }, 1, 0.8, 4),
  row('b', { s: 'ucb', batch: 10 }, 2, 0.9, 5),
  row('c', { s: 'random', batch: 10 }, 0, 0.95, 6),
  row('c', { s: 'random', batch: 10 }, 1, null, 7),
  row('c', { s: 'random', batch: 10 }, 2, 0.05, 8),
];

describe('results analysis', () => {
  it('summarises each combination over seeds (mean, sd, n) and counts failures', () => {
    const combos = summariseCombos(rows, 'topk_scores');
    const b = combos.find((c) => c.combo === 'b')!;
    expect(b.n).toBe(3);
    expect(b.mean).toBeCloseTo(0.8, 12);
    expect(b.sd).toBeCloseTo(0.1, 12);
    const c = combos.find((x) => x.combo === 'c')!;
    expect(c.n).toBe(2);
    expect(c.failed).toBe(1);
    expect(c.mean).toBeCloseTo(0.5, 12);
  });

  it('best picks the known optimum for the goal, with its spread', () => {
    const combos = summariseCombos(rows, 'topk_scores');
    const best = pickBest(combos, 'topk_scores', 'maximize')!;
    expect(best.params).toEqual({ s: 'ucb', batch: 10 });
    expect(best.sd).toBeCloseTo(0.1, 12);
    expect(best.n).toBe(3);
    expect(pickBest(combos, 'topk_scores', 'minimize')!.combo).toBe('c');
    expect(pickBest(summariseCombos([], 'topk_scores'), 'topk_scores', 'maximize')).toBeNull();
  });

  it('failed runs are listed, not hidden, in the analysis and the CSV', () => {
    expect(failedRuns(rows)).toEqual([
      { id: 'c-1', params: { s: 'random', batch: 10 }, seed: 1, error: 'train: TIMEOUT: too slow' },
    ]);
    const csv = resultsCsv(rows, ['s', 'batch'], 'topk_scores').trim().split('\n');
    expect(csv).toHaveLength(10);
    expect(csv[0]).toBe(
      'id,status,seed,s,batch,final_topk_scores,topk_scores_per_round,rounds,labeled,wall_s,task_s,error',
    );
    expect(csv[8]).toContain('c-1,failed,1,random,10,');
    expect(csv[8]).toContain('train: TIMEOUT: too slow');
  });
});
