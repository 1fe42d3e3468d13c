/**
 * The bench's table: one block of rows per workload (workload, metric, Alcove, reference, ratio,
 * target, pass), the targets attached to the headline workload's rows, then the cost-growth fit.
 */
import type { SystemSummary, WorkloadSummary } from './aggregate-runs.js';
import {
  fmtBytes,
  fmtFraction,
  fmtMeanSd,
  fmtPass,
  fmtRate,
  fmtRatio,
  fmtSeconds,
  fmtShare,
  MISSING,
  type Cell,
} from './format-table.js';
import type { SlopeFit } from './slope-fit.js';
import { ratio } from './stats.js';
import type { TargetId, TargetResult } from './targets.js';

export const TABLE_HEADERS = ['workload', 'metric', 'Alcove', 'reference', 'ratio', 'target', 'pass'] as const;

interface MetricSpec {
  readonly label: string;
  readonly value: (s: SystemSummary) => number | null;
  readonly format: (v: number | null) => string;
  readonly target?: TargetId;
  /** Print the ratio Alcove / reference (only when both systems ran the same protocol). */
  readonly ratio: boolean;
}

const METRICS: readonly MetricSpec[] = [
  {
    label: 'featurization rate',
    value: (s) => s.featurize_rate,
    format: fmtRate,
    target: 'featurize-rate',
    ratio: true,
  },
  { label: 'model train per round', value: (s) => s.train_s_per_round, format: fmtSeconds, ratio: true },
  { label: 'model predict per round', value: (s) => s.predict_s_per_round, format: fmtSeconds, ratio: true },
  {
    label: 'train + predict per round',
    value: (s) => s.train_predict_s_per_round,
    format: fmtSeconds,
    target: 'train-predict',
    ratio: true,
  },
  {
    label: 'train + predict CPU per campaign',
    value: (s) => s.model_cpu_s,
    format: fmtSeconds,
    target: 'model-cpu',
    ratio: true,
  },
  { label: 'whole campaign wall', value: (s) => s.wall_s, format: fmtSeconds, target: 'wall', ratio: true },
  { label: 'process wall (spawn to exit)', value: (s) => s.process_s, format: fmtSeconds, ratio: true },
  {
    label: 'orchestration overhead: transitions + dispatch',
    value: (s) => s.orchestration_share,
    format: (v) => fmtShare(v),
    target: 'overhead',
    ratio: false,
  },
  {
    label: '  transitions (xstate step, checkpoint, observers)',
    value: (s) => s.transitions_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: '    of which checkpoint writes',
    value: (s) => s.checkpoint_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: '  dispatch (engine calls, no worker computing)',
    value: (s) => s.dispatch_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: 'views off the transition (page, db, summary)',
    value: (s) => s.views_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: 'run start and end (setup less load, tail)',
    value: (s) => s.run_edges_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: 'all but engine calls (upper bound)',
    value: (s) => s.overhead_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  {
    label: '  of which outside stage actors',
    value: (s) => s.overhead_outside_stages_share,
    format: (v) => fmtShare(v),
    ratio: false,
  },
  { label: 'peak RSS', value: (s) => s.max_rss_bytes, format: fmtBytes, target: 'peak-rss', ratio: true },
];

function scienceRow(w: WorkloadSummary, target: TargetResult | undefined): Cell[] {
  const a = w.alcove;
  const r = w.reference;
  const label = `true top-k scores found${(a?.runs ?? 0) > 1 || (r?.runs ?? 0) > 1 ? ' (mean +/- sd)' : ''}`;
  return [
    w.id,
    label,
    a === null ? MISSING : fmtMeanSd(a.topk_scores_mean, a.topk_scores_sd),
    r === null ? MISSING : fmtMeanSd(r.topk_scores_mean, r.topk_scores_sd),
    w.sameProtocol ? fmtRatio(ratio(a?.topk_scores_mean ?? null, r?.topk_scores_mean ?? null)) : MISSING,
    target?.target ?? (w.sameProtocol ? '' : 'context: different strategies'),
    target === undefined ? '' : fmtPass(target.pass),
  ];
}

/** Targets by workload and id: each workload's rows show its own targets. */
type TargetLookup = (workload: string, id: TargetId) => TargetResult | undefined;

/** A workload's rows: its metrics (with its targets), the science, and R2 where held out. */
function workloadRows(w: WorkloadSummary, targetOf: TargetLookup): Cell[][] {
  if (w.role === 'paired') {
    // Same runs as the headline but for the first batch: only the science differs.
    return [scienceRow(w, targetOf(w.id, 'topk-scores-paired'))];
  }
  const rows: Cell[][] = [];
  for (const m of METRICS) {
    const a = w.alcove === null ? null : m.value(w.alcove);
    const r = w.reference === null ? null : m.value(w.reference);
    if (a === null && r === null) continue;
    const t = m.target !== undefined ? targetOf(w.id, m.target) : undefined;
    rows.push([
      w.id,
      m.label,
      m.format(a),
      m.format(r),
      m.ratio && w.sameProtocol ? fmtRatio(ratio(a, r)) : MISSING,
      t?.target ?? (m.ratio && !w.sameProtocol ? 'context only' : ''),
      t === undefined ? '' : fmtPass(t.pass),
    ]);
  }
  rows.push(scienceRow(w, targetOf(w.id, 'topk-scores')));
  if (w.alcove?.r2_mean !== null && w.alcove?.r2_mean !== undefined) {
    rows.push([
      w.id,
      'held-out R2 after the last batch',
      fmtFraction(w.alcove.r2_mean),
      MISSING,
      MISSING,
      'context',
      '',
    ]);
  }
  return rows;
}

type Fits = { readonly alcove: SlopeFit | null; readonly reference: SlopeFit | null };

/** Wall per 1,000 molecules at each pool size and between sizes, then the fit's slope and spread. */
function scalingRows(fits: Fits, scaling: TargetResult | undefined): Cell[][] {
  if (fits.alcove === null && fits.reference === null) return [];
  const rows: Cell[][] = [];
  for (const p of fits.alcove?.points ?? []) {
    const ref = fits.reference?.points.find((q) => q.n === p.n);
    rows.push([
      `scaling ${Math.round(p.n / 1000)}k`,
      'wall per 1,000 molecules',
      fmtSeconds(p.perMolecule * 1000),
      ref === undefined ? MISSING : fmtSeconds(ref.perMolecule * 1000),
      fmtRatio(ratio(p.perMolecule, ref?.perMolecule ?? null)),
      '',
      '',
    ]);
  }
  for (const m of fits.alcove?.marginal ?? []) {
    const ref = fits.reference?.marginal.find((q) => q.from === m.from && q.to === m.to);
    rows.push([
      `scaling ${Math.round(m.from / 1000)}k-${Math.round(m.to / 1000)}k`,
      'marginal wall per 1,000 molecules',
      fmtSeconds(m.perMolecule * 1000),
      ref === undefined ? MISSING : fmtSeconds(ref.perMolecule * 1000),
      fmtRatio(ratio(m.perMolecule, ref?.perMolecule ?? null)),
      '',
      '',
    ]);
  }
  rows.push([
    scaling?.workload ?? 'scaling',
    'log-log slope of wall vs pool size',
    fits.alcove === null ? MISSING : fits.alcove.slope.toFixed(2),
    fits.reference === null ? MISSING : fits.reference.slope.toFixed(2),
    MISSING,
    scaling?.target ?? '',
    scaling === undefined ? '' : fmtPass(scaling.pass),
  ]);
  rows.push([
    scaling?.workload ?? 'scaling',
    'marginal cost spread (max / min)',
    fits.alcove?.marginalSpread == null ? MISSING : `${fits.alcove.marginalSpread.toFixed(2)}x`,
    fits.reference?.marginalSpread == null ? MISSING : `${fits.reference.marginalSpread.toFixed(2)}x`,
    MISSING,
    '',
    '',
  ]);
  return rows;
}

export function buildReportRows(
  summaries: readonly WorkloadSummary[],
  targets: readonly TargetResult[],
  fits: Fits,
  extraRows: readonly Cell[][] = [],
): Cell[][] {
  const targetOf: TargetLookup = (workload, id) => targets.find((t) => t.workload === workload && t.id === id);
  const scaling = targets.find((t) => t.id === 'scaling');
  return [...summaries.flatMap((w) => workloadRows(w, targetOf)), ...scalingRows(fits, scaling), ...extraRows];
}
