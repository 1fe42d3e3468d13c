/**
 * The issue's targets, evaluated on the headline workload (Enamine 50k, MolPAL protocol, 2 cores):
 * ratios Alcove / reference of medians, absolute limits on Alcove's own figures, the science check over
 * seeds, and linear cost growth. `pass` is null when a figure is missing (not run, or failed).
 */
import type { SlopeFit } from './slope-fit.js';
import { ratio } from './stats.js';
import type { WorkloadSummary } from './aggregate-runs.js';

export type TargetId =
  | 'featurize-rate'
  | 'train-predict'
  | 'wall'
  | 'overhead'
  | 'peak-rss'
  | 'topk-scores'
  | 'topk-scores-paired'
  | 'scaling';

export interface TargetResult {
  readonly id: TargetId;
  readonly workload: string;
  readonly metric: string;
  readonly alcove: number | null;
  readonly reference: number | null;
  /** Alcove / reference, where the target is a ratio. */
  readonly ratio: number | null;
  /** Human-readable target, e.g. `ratio >= 1.5`. */
  readonly target: string;
  readonly pass: boolean | null;
}

export const LIMITS = {
  featurizeRatio: 1.5,
  trainPredictRatio: 0.1,
  wallRatio: 0.25,
  overheadShare: 0.01,
  /** 1.5 GB in bytes (decimal gigabytes: the stricter reading). */
  peakRssBytes: 1.5e9,
  slopeTolerance: 0.2,
  /** Sub-linear growth passes when the marginal cost per molecule stays within this factor. */
  marginalSpread: 1.5,
} as const;

/**
 * Cost grows about linearly: a log-log slope of 1 +/- 0.2, or a smaller slope (a fixed start-up cost
 * weighing on small pools) with a roughly constant marginal cost per molecule (linear beyond the fixed part).
 */
export function isAboutLinear(fit: SlopeFit): boolean {
  if (Math.abs(fit.slope - 1) <= LIMITS.slopeTolerance) return true;
  return (
    fit.slope < 1 - LIMITS.slopeTolerance && fit.marginalSpread !== null && fit.marginalSpread <= LIMITS.marginalSpread
  );
}

function check(value: number | null, ok: (v: number) => boolean): boolean | null {
  return value === null ? null : ok(value);
}

export function evaluateTargets(
  headline: WorkloadSummary | undefined,
  scaling: SlopeFit | null,
  scalingLabel = 'enamine 5k-50k',
  paired?: WorkloadSummary,
): TargetResult[] {
  const a = headline?.alcove ?? null;
  const r = headline?.reference ?? null;
  const w = headline?.id ?? 'enamine-50k';
  const fr = ratio(a?.featurize_rate ?? null, r?.featurize_rate ?? null);
  const tp = ratio(a?.train_predict_s_per_round ?? null, r?.train_predict_s_per_round ?? null);
  const wall = ratio(a?.wall_s ?? null, r?.wall_s ?? null);
  const overhead = a?.orchestration_share ?? null;
  const rss = a?.max_rss_bytes ?? null;
  const sciA = a?.topk_scores_mean ?? null;
  const floorOf = (ref: WorkloadSummary['reference']) =>
    ref?.topk_scores_mean !== null && ref?.topk_scores_mean !== undefined && ref.topk_scores_sd !== null
      ? ref.topk_scores_mean - ref.topk_scores_sd
      : null;
  const sciFloor = floorOf(r);
  const pairedA = paired?.alcove?.topk_scores_mean ?? null;
  const pairedR = paired?.reference ?? null;
  const pairedFloor = floorOf(pairedR);
  return [
    {
      id: 'featurize-rate',
      workload: w,
      metric: 'featurization rate (mol/s)',
      alcove: a?.featurize_rate ?? null,
      reference: r?.featurize_rate ?? null,
      ratio: fr,
      target: `ratio >= ${LIMITS.featurizeRatio}`,
      pass: check(fr, (v) => v >= LIMITS.featurizeRatio),
    },
    {
      id: 'train-predict',
      workload: w,
      metric: 'forest train + predict per round (s)',
      alcove: a?.train_predict_s_per_round ?? null,
      reference: r?.train_predict_s_per_round ?? null,
      ratio: tp,
      target: `ratio <= ${LIMITS.trainPredictRatio}`,
      pass: check(tp, (v) => v <= LIMITS.trainPredictRatio),
    },
    {
      id: 'wall',
      workload: w,
      metric: 'whole campaign wall (s)',
      alcove: a?.wall_s ?? null,
      reference: r?.wall_s ?? null,
      ratio: wall,
      target: `ratio <= ${LIMITS.wallRatio}`,
      pass: check(wall, (v) => v <= LIMITS.wallRatio),
    },
    {
      id: 'overhead',
      workload: w,
      metric: 'orchestration overhead: transitions + checkpoint writes + dispatch (share of wall)',
      alcove: overhead,
      reference: null,
      ratio: null,
      target: `<= ${LIMITS.overheadShare * 100}%`,
      pass: check(overhead, (v) => v <= LIMITS.overheadShare),
    },
    {
      id: 'peak-rss',
      workload: w,
      metric: 'peak RSS (bytes)',
      alcove: rss,
      reference: r?.max_rss_bytes ?? null,
      ratio: ratio(rss, r?.max_rss_bytes ?? null),
      target: '<= 1.5 GB',
      pass: check(rss, (v) => v <= LIMITS.peakRssBytes),
    },
    {
      id: 'topk-scores',
      workload: w,
      metric: 'true top-k scores found (mean over seeds)',
      alcove: sciA,
      reference: r?.topk_scores_mean ?? null,
      ratio: ratio(sciA, r?.topk_scores_mean ?? null),
      target: `>= ref mean - sd${sciFloor === null ? '' : ` (${sciFloor.toFixed(3)})`}`,
      pass: sciA === null || sciFloor === null ? null : sciA >= sciFloor - 1e-12,
    },
    ...(paired === undefined
      ? []
      : [
          {
            id: 'topk-scores-paired' as const,
            workload: paired.id,
            metric: "true top-k scores found (mean over seeds), Alcove from the reference's initial batches",
            alcove: pairedA,
            reference: pairedR?.topk_scores_mean ?? null,
            ratio: ratio(pairedA, pairedR?.topk_scores_mean ?? null),
            target: `>= ref mean - sd${pairedFloor === null ? '' : ` (${pairedFloor.toFixed(3)})`}`,
            pass: pairedA === null || pairedFloor === null ? null : pairedA >= pairedFloor - 1e-12,
          },
        ]),
    {
      id: 'scaling',
      workload: scalingLabel,
      metric: 'cost growth: log-log slope of wall vs pool size',
      alcove: scaling?.slope ?? null,
      reference: null,
      ratio: null,
      target: `1 +/- ${LIMITS.slopeTolerance}, or less with marginal cost within ${LIMITS.marginalSpread}x`,
      pass: scaling === null ? null : isAboutLinear(scaling),
    },
  ];
}
