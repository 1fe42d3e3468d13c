/**
 * One finished run of a sweep, as appended to `results.jsonl` (one JSON line each, append-only: memory stays
 * flat however many runs, and a resumed sweep knows which ids are finished).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SweepValue } from './sweep-schema.js';

export type RunStatus = 'done' | 'failed';

export interface RoundPoint {
  readonly generation: number;
  readonly labeled: number;
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface SweepRow {
  readonly id: string;
  readonly combo: string;
  readonly index: number;
  readonly seed: number;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly status: RunStatus;
  readonly error: string | null;
  /** Metrics of the last round (empty when it failed before one). */
  readonly final: Readonly<Record<string, number | null>>;
  readonly rounds: readonly RoundPoint[];
  readonly labeled: number;
  /**
   * Molecules the run could acquire (valid pool less the held-out set), for the random baseline; absent in
   * rows written before it was recorded.
   */
  readonly pool?: number | null;
  /** Wall time of the run in this process, s, and the stage seconds summed over rounds. */
  readonly wall_s: number;
  readonly stage_s: Readonly<Record<string, number>>;
  /** Seconds its engine task attempts took, summed (queueing behind other runs' tasks included). */
  readonly task_s: number;
  readonly finished_at: string;
}

export function isSweepRow(value: unknown): value is SweepRow {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && (v.status === 'done' || v.status === 'failed') && typeof v.params === 'object';
}

export function appendRow(path: string, row: SweepRow): void {
  appendFileSync(path, `${JSON.stringify(row)}\n`);
}

/** Rows of `results.jsonl`, later rows of the same id winning; a torn last line (a kill mid-append) is skipped. */
export function* readRows(path: string): Generator<SweepRow> {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    try {
      const row: unknown = JSON.parse(line);
      if (isSweepRow(row)) yield row;
    } catch {
      // torn line
    }
  }
}

/** Latest row per id (a failed run retried later is replaced by its new row). */
export function latestRows(path: string): SweepRow[] {
  const byId = new Map<string, SweepRow>();
  for (const row of readRows(path)) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => a.index - b.index);
}
