/**
 * Results analysis: per parameter combination over seeds (mean, sd, n of the chosen metric's final value),
 * the best combination for the goal with its spread, and the failed runs, listed.
 */
import type { SweepValue } from './sweep-schema.js';
import type { SweepRow } from './sweep-row.js';

export interface ComboSummary {
  readonly combo: string;
  readonly params: Readonly<Record<string, SweepValue>>;
  /** Runs with a value of the metric. */
  readonly n: number;
  readonly failed: number;
  readonly mean: number | null;
  /** Sample standard deviation (n - 1); null below 2 values. */
  readonly sd: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly values: readonly number[];
  readonly seeds: readonly number[];
}

export interface BestResult {
  readonly metric: string;
  readonly goal: 'maximize' | 'minimize';
  readonly combo: string;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly mean: number;
  readonly sd: number | null;
  readonly n: number;
  readonly min: number | null;
  readonly max: number | null;
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs) as number;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export function metricValue(row: SweepRow, metric: string): number | null {
  if (row.status !== 'done') return null;
  const v = row.final[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function summariseCombos(rows: Iterable<SweepRow>, metric: string): ComboSummary[] {
  const groups = new Map<
    string,
    { params: SweepRow['params']; values: number[]; seeds: number[]; failed: number; first: number }
  >();
  for (const row of rows) {
    let g = groups.get(row.combo);
    if (g === undefined) {
      g = { params: row.params, values: [], seeds: [], failed: 0, first: row.index };
      groups.set(row.combo, g);
    }
    g.first = Math.min(g.first, row.index);
    if (row.status === 'failed') g.failed += 1;
    const v = metricValue(row, metric);
    if (v !== null) {
      g.values.push(v);
      g.seeds.push(row.seed);
    }
  }
  return [...groups.entries()]
    .sort((a, b) => a[1].first - b[1].first)
    .map(([combo, g]) => ({
      combo,
      params: g.params,
      n: g.values.length,
      failed: g.failed,
      mean: mean(g.values),
      sd: sampleSd(g.values),
      min: g.values.length === 0 ? null : Math.min(...g.values),
      max: g.values.length === 0 ? null : Math.max(...g.values),
      values: g.values,
      seeds: g.seeds,
    }));
}

/**
 * The combination with the best mean for the goal (ties: more seeds, then first in the sweep); null if
 * none has a value.
 */
export function pickBest(
  combos: readonly ComboSummary[],
  metric: string,
  goal: 'maximize' | 'minimize',
): BestResult | null {
  let best: ComboSummary | null = null;
  for (const c of combos) {
    if (c.mean === null) continue;
    if (best === null || best.mean === null) {
      best = c;
      continue;
    }
    const better = goal === 'maximize' ? c.mean > best.mean : c.mean < best.mean;
    if (better || (c.mean === best.mean && c.n > best.n)) best = c;
  }
  if (best === null || best.mean === null) return null;
  return {
    metric,
    goal,
    combo: best.combo,
    params: best.params,
    mean: best.mean,
    sd: best.sd,
    n: best.n,
    min: best.min,
    max: best.max,
  };
}

export interface FailedRun {
  readonly id: string;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly error: string | null;
}

export function failedRuns(rows: Iterable<SweepRow>): FailedRun[] {
  const out: FailedRun[] = [];
  for (const r of rows)
    if (r.status === 'failed') out.push({ id: r.id, params: r.params, seed: r.seed, error: r.error });
  return out;
}
