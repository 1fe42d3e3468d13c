/**
 * Raw runs → one summary per workload and system: medians over repeats for times and rates (absolute
 * seconds are context; medians resist the noise of a busy 2-core machine), the maximum for peak RSS,
 * mean and sample sd over seeds for the science (share of the true top-k found after the last batch).
 */
import { OVERHEAD_SHARE_KEYS, type OverheadShares, type RunFigures, type System } from './run-reports.js';
import { fitLogLogSlope, type SlopeFit } from './slope-fit.js';
import { finite, mean, median, sampleSd } from './stats.js';
import type { Workload, WorkloadId, WorkloadRole } from './workloads.js';

export interface RunRecord {
  readonly workload: WorkloadId;
  readonly system: System;
  readonly seed: number;
  /** Position in the bench's execution order (the systems alternate). */
  readonly order: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly figures?: RunFigures;
  readonly raw?: unknown;
}

export interface SystemSummary extends OverheadShares {
  readonly runs: number;
  readonly failed: number;
  readonly wall_s: number | null;
  readonly process_s: number | null;
  readonly featurize_rate: number | null;
  readonly featurize_s: number | null;
  readonly train_s_per_round: number | null;
  readonly predict_s_per_round: number | null;
  readonly train_predict_s_per_round: number | null;
  /** Train + predict CPU seconds per campaign (see RunFigures.model_cpu_s). */
  readonly model_cpu_s: number | null;
  readonly max_rss_bytes: number | null;
  readonly topk_scores_mean: number | null;
  readonly topk_scores_sd: number | null;
  readonly topk_smiles_mean: number | null;
  readonly topk_smiles_sd: number | null;
  readonly r2_mean: number | null;
}

export interface WorkloadSummary {
  readonly id: WorkloadId;
  readonly title: string;
  readonly role: WorkloadRole;
  readonly sameProtocol: boolean;
  /** Molecules in the pool (the subsample size, or the file's valid rows). */
  readonly poolSize: number | null;
  readonly alcove: SystemSummary | null;
  readonly reference: SystemSummary | null;
}

function trainPredict(f: RunFigures): number | null {
  if (f.train_s_per_round === null || f.predict_s_per_round === null) return null;
  return f.train_s_per_round + f.predict_s_per_round;
}

export function summarizeSystem(runs: readonly RunRecord[]): SystemSummary | null {
  if (runs.length === 0) return null;
  const ok = runs.flatMap((r) => (r.ok && r.figures !== undefined ? [r.figures] : []));
  const pick = (fn: (f: RunFigures) => number | null | undefined) => finite(ok.map(fn));
  const rss = pick((f) => f.max_rss_bytes);
  const scores = pick((f) => f.final_topk_scores);
  const smiles = pick((f) => f.final_topk_smiles);
  const r2 = pick((f) => f.history[f.history.length - 1]?.r2);
  return {
    runs: ok.length,
    failed: runs.length - ok.length,
    wall_s: median(pick((f) => f.wall_s)),
    process_s: median(pick((f) => f.process_s)),
    featurize_rate: median(pick((f) => f.featurize_rate)),
    featurize_s: median(pick((f) => f.featurize_s)),
    train_s_per_round: median(pick((f) => f.train_s_per_round)),
    predict_s_per_round: median(pick((f) => f.predict_s_per_round)),
    train_predict_s_per_round: median(pick(trainPredict)),
    model_cpu_s: median(pick((f) => f.model_cpu_s)),
    ...(Object.fromEntries(OVERHEAD_SHARE_KEYS.map((k) => [k, median(pick((f) => f[k]))])) as Record<
      keyof OverheadShares,
      number | null
    >),
    max_rss_bytes: rss.length === 0 ? null : Math.max(...rss),
    topk_scores_mean: mean(scores),
    topk_scores_sd: sampleSd(scores),
    topk_smiles_mean: mean(smiles),
    topk_smiles_sd: sampleSd(smiles),
    r2_mean: mean(r2),
  };
}

export function summarizeWorkload(
  workload: Workload,
  runs: readonly RunRecord[],
  poolSize: number | null,
): WorkloadSummary {
  const mine = runs.filter((r) => r.workload === workload.id);
  return {
    id: workload.id,
    title: workload.title,
    role: workload.role,
    sameProtocol: workload.sameProtocol,
    poolSize: workload.subsample ?? poolSize,
    alcove: summarizeSystem(mine.filter((r) => r.system === 'alcove')),
    reference: summarizeSystem(mine.filter((r) => r.system === 'reference')),
  };
}

/**
 * The cost-growth fit over the Enamine pools: the scaling subsamples and the headline. Not the paired
 * twin, which is the headline's pool size again (it would add a second 50k point).
 */
export function scalingFit(summaries: readonly WorkloadSummary[], system: 'alcove' | 'reference'): SlopeFit | null {
  const points = summaries
    .filter((s) => s.id.startsWith('enamine-') && (s.role === 'scaling' || s.role === 'headline'))
    .flatMap((s) => {
      const cost = s[system]?.wall_s ?? null;
      return s.poolSize === null || cost === null ? [] : [{ n: s.poolSize, cost }];
    });
  return fitLogLogSlope(points);
}

function poolSizeOf(records: readonly RunRecord[], id: string): number | null {
  for (const r of records) {
    if (r.workload !== id || !r.ok || r.raw === undefined) continue;
    const raw = r.raw as { molecules?: unknown; n?: unknown };
    if (r.system === 'alcove' && typeof raw.molecules === 'number') return raw.molecules;
    if (r.system === 'reference' && typeof raw.n === 'number') return raw.n;
  }
  return null;
}

/** One summary per workload; the reference side of a paired workload is the runs it is paired with. */
export function summarizeWorkloads(workloads: readonly Workload[], records: readonly RunRecord[]): WorkloadSummary[] {
  return workloads.map((w) => {
    const own = summarizeWorkload(w, records, poolSizeOf(records, w.id));
    if (w.pairedWith === undefined) return own;
    // Same seeds, same first batches.
    return {
      ...own,
      reference: summarizeSystem(records.filter((r) => r.workload === w.pairedWith && r.system === 'reference')),
    };
  });
}
