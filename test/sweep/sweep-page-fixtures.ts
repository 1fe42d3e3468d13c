/** Sweep results for the page tests: the rows of a real 8-run sweep (tiny-results.jsonl), and a failed run. */
import { join, resolve } from 'node:path';
import { latestRows, type SweepRow } from '../../src/sweep/sweep-row.js';
import type { SweepStatusInfo } from '../../src/sweep/sweep-results.js';

/**
 * Written by `alcove sweep` over: base { dataset: { builtin: amide-library, subsample: 150 }, featurizer:
 * morgan 512 bits, model: { trees: 8, max_depth: 6 }, campaign: { initial: 10, batch: 10, generations: 2,
 * top_k: 10, test_fraction: 0 } }, grid { acquisition.strategy: [greedy, random], campaign.batch: [5, 10] },
 * 2 seeds, metric topk_scores. Its rows' `pool` was then set to 150 (the subsample): the build that wrote them
 * counted the whole file, a bug fixed since (pool-size.ts takes the subsample).
 */
export const TINY_ROWS: readonly SweepRow[] = latestRows(
  join(resolve(import.meta.dirname, '../fixtures/sweep'), 'tiny-results.jsonl'),
);

export function tinyStatus(over: Partial<SweepStatusInfo> = {}): SweepStatusInfo {
  return {
    name: 'tiny',
    metric: 'topk_scores',
    goal: 'maximize',
    total: 8,
    state: 'done',
    utilisation: {
      threads: 2,
      wall_s: 12.7,
      busy_worker_s: 12.9,
      available_worker_s: 25.5,
      ratio: 0.506,
      cpu_worker_s: 11.2,
      cpu_ratio: 0.439,
    },
    held: [],
    plots: { x: 'acquisition.strategy', y: 'campaign.batch', curves: 'acquisition.strategy' },
    paramKeys: ['acquisition.strategy', 'campaign.batch'],
    notes: [],
    ...over,
  };
}

/** A run that failed before its first round, with markup in its error. */
export function failedRow(): SweepRow {
  const first = TINY_ROWS[0] as SweepRow;
  return {
    ...first,
    id: 'failed0000ab',
    index: 99,
    seed: 7,
    status: 'failed',
    error: 'train: OOM: <img src=x onerror=alert(1)>',
    final: {},
    rounds: [],
    labeled: 0,
  };
}
