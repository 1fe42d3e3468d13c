/** A results row from a run's campaign summary. */
import type { Summary } from '../state/campaign-db.js';
import type { SweepRun } from './expand-sweep.js';
import type { RoundPoint, SweepRow } from './sweep-row.js';

export function rowFromSummary(
  run: SweepRun,
  summary: Summary | null,
  extra: { wallS: number; taskS: number; finishedAt: string; error?: string | null; pool?: number | null },
): SweepRow {
  const rounds: RoundPoint[] = (summary?.history ?? []).map((h) => ({
    generation: h.generation,
    labeled: h.labeled,
    metrics: Object.fromEntries(Object.entries(h.metrics).map(([k, v]) => [k, typeof v === 'number' ? v : null])),
  }));
  const stage: Record<string, number> = {};
  for (const h of summary?.history ?? [])
    for (const [k, v] of Object.entries(h.seconds)) stage[k] = (stage[k] ?? 0) + (v ?? 0);
  const failed = summary === null || summary.status !== 'done';
  const error =
    extra.error ??
    (summary?.error
      ? `${summary.error.stage}: ${summary.error.code}: ${summary.error.message}`
      : failed
        ? `status ${summary?.status ?? 'unknown'}`
        : null);
  return {
    id: run.id,
    combo: run.combo,
    index: run.index,
    seed: run.seed,
    params: run.params,
    status: failed ? 'failed' : 'done',
    error: failed ? error : null,
    final: rounds.at(-1)?.metrics ?? {},
    rounds,
    labeled: summary?.labeled ?? 0,
    pool: extra.pool ?? null,
    wall_s: extra.wallS,
    stage_s: stage,
    task_s: extra.taskS,
    finished_at: extra.finishedAt,
  };
}
