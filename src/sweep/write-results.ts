/**
 * `results.csv` and `results.json` (one row per run), `summary.csv` (one row per parameter combination) and
 * `sweep.html`, all rebuilt from `results.jsonl`: at the end of a sweep and when it is interrupted.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { renderSweepPage, type SweepPageInput } from './render-sweep-page.js';
import { failedRuns, pickBest, summariseCombos, type ComboSummary } from './summarise.js';
import { latestRows, type SweepRow } from './sweep-row.js';
import type { SweepResults, SweepStatusInfo } from './sweep-results.js';

export const RESULTS_JSONL = 'results.jsonl';

/** Values come from YAML and JSON: scalars print as themselves, objects and arrays as JSON. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

const csvCell = (v: unknown): string => {
  const s = cellText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function resultsCsv(rows: readonly SweepRow[], paramKeys: readonly string[], metric: string): string {
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.final)))].sort();
  const head = [
    'id',
    'status',
    'seed',
    ...paramKeys,
    ...metrics.map((m) => `final_${m}`),
    `${metric}_per_round`,
    'rounds',
    'labeled',
    'wall_s',
    'task_s',
    'error',
  ];
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.id,
        r.status,
        r.seed,
        ...paramKeys.map((k) => r.params[k]),
        ...metrics.map((m) => r.final[m]),
        r.rounds.map((p) => (typeof p.metrics[metric] === 'number' ? p.metrics[metric].toPrecision(6) : '')).join(';'),
        r.rounds.length,
        r.labeled,
        r.wall_s.toFixed(3),
        r.task_s.toFixed(3),
        r.error,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function summaryCsv(combos: readonly ComboSummary[], paramKeys: readonly string[], metric: string): string {
  const head = ['combo', ...paramKeys, `${metric}_mean`, `${metric}_sd`, 'n', 'failed', 'min', 'max'];
  const lines = [head.join(',')];
  for (const c of combos)
    lines.push(
      [c.combo, ...paramKeys.map((k) => c.params[k]), c.mean, c.sd, c.n, c.failed, c.min, c.max].map(csvCell).join(','),
    );
  return `${lines.join('\n')}\n`;
}

export function analyse(rows: readonly SweepRow[], metric: string, goal: 'maximize' | 'minimize'): SweepResults {
  const combos = summariseCombos(rows, metric);
  return { rows, combos, best: pickBest(combos, metric, goal), failed: failedRuns(rows) };
}

/** Rebuilds every results file from `results.jsonl`; returns what it wrote. */
export function writeSweepResults(dir: string, status: SweepStatusInfo): SweepResults {
  const rows = latestRows(join(dir, RESULTS_JSONL));
  const results = analyse(rows, status.metric, status.goal);
  const done = rows.filter((r) => r.status === 'done').length;
  writeFileAtomic(join(dir, 'results.csv'), resultsCsv(rows, status.paramKeys, status.metric));
  writeFileAtomic(join(dir, 'summary.csv'), summaryCsv(results.combos, status.paramKeys, status.metric));
  writeFileAtomic(
    join(dir, 'results.json'),
    `${JSON.stringify(
      {
        name: status.name,
        metric: status.metric,
        goal: status.goal,
        state: status.state,
        runs: {
          total: status.total,
          finished: rows.length,
          done,
          failed: results.failed.length,
          pending: status.total - rows.length,
        },
        utilisation: status.utilisation,
        best: results.best,
        failed: results.failed,
        held: status.held,
        notes: status.notes,
        summary: results.combos,
        rows,
      },
      null,
      1,
    )}\n`,
  );
  const page: SweepPageInput = { status, results };
  writeFileAtomic(join(dir, 'sweep.html'), renderSweepPage(page), { durable: false });
  return results;
}
