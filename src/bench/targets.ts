/**
 * The issue's targets, evaluated on the headline workload (Enamine 50k, MolPAL protocol, 2 cores):
 * ratios Alcove / reference of medians, absolute limits on Alcove's own figures, the science check over
 * seeds, and linear cost growth. `pass` is null when a figure is missing (not run, or failed).
 */
import type { SlopeFit } from './slope-fit.js';
import { ratio } from './stats.js';
import type { SystemSummary, WorkloadSummary } from './aggregate-runs.js';

export type TargetId =
  | 'featurize-rate'
  | 'train-predict'
  | 'wall'
  | 'overhead'
  | 'peak-rss'
  | 'topk-scores'
  | 'topk-scores-paired'
  | 'scaling'
  | 'model-cpu'
  | 'forest-train'
  | 'forest-r2';

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

/** A ratio target: Alcove / reference of one figure, at least or at most `limit`. */
export function ratioTarget(
  id: TargetId,
  workload: string,
  metric: string,
  alcove: number | null,
  reference: number | null,
  bound: '>=' | '<=',
  limit: number,
): TargetResult {
  const r = ratio(alcove, reference);
  return {
    id,
    workload,
    metric,
    alcove,
    reference,
    ratio: r,
    target: `ratio ${bound} ${limit}`,
    pass: check(r, (v) => (bound === '>=' ? v >= limit : v <= limit)),
  };
}

/** The science check: Alcove's mean share found is no lower than the reference's mean minus one sd. */
function scienceTarget(
  id: TargetId,
  workload: string,
  metric: string,
  alcove: number | null,
  reference: SystemSummary | null,
): TargetResult {
  const refMean = reference?.topk_scores_mean ?? null;
  const floor =
    reference?.topk_scores_mean !== null &&
    reference?.topk_scores_mean !== undefined &&
    reference.topk_scores_sd !== null
      ? reference.topk_scores_mean - reference.topk_scores_sd
      : null;
  return {
    id,
    workload,
    metric,
    alcove,
    reference: refMean,
    ratio: ratio(alcove, refMean),
    target: `>= ref mean - sd${floor === null ? '' : ` (${floor.toFixed(3)})`}`,
    pass: alcove === null || floor === null ? null : alcove >= floor - 1e-12,
  };
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
  const overhead = a?.orchestration_share ?? null;
  const rss = a?.max_rss_bytes ?? null;
  return [
    ratioTarget(
      'featurize-rate',
      w,
      'featurization rate (mol/s)',
      a?.featurize_rate ?? null,
      r?.featurize_rate ?? null,
      '>=',
      LIMITS.featurizeRatio,
    ),
    ratioTarget(
      'train-predict',
      w,
      'forest train + predict per round (s)',
      a?.train_predict_s_per_round ?? null,
      r?.train_predict_s_per_round ?? null,
      '<=',
      LIMITS.trainPredictRatio,
    ),
    ratioTarget('wall', w, 'whole campaign wall (s)', a?.wall_s ?? null, r?.wall_s ?? null, '<=', LIMITS.wallRatio),
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
    scienceTarget('topk-scores', w, 'true top-k scores found (mean over seeds)', a?.topk_scores_mean ?? null, r),
    ...(paired === undefined
      ? []
      : [
          scienceTarget(
            'topk-scores-paired',
            paired.id,
            "true top-k scores found (mean over seeds), Alcove from the reference's initial batches",
            paired.alcove?.topk_scores_mean ?? null,
            paired.reference,
          ),
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
