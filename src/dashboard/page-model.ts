/**
 * What the status page shows, decided here as plain data (no HTML): which numbers go into which plot,
 * card and table. Pure, so that it is tested without a browser; `render-status-page.ts` only lays it out.
 */
import { finiteOrNull } from './finite-or-null.js';
import { formatClockUtc, formatDateTimeUtc } from './format.js';
import type { PlotSpec } from './plot-spec.js';
import type { StatusInput, StatusLabel, StatusMolecule } from './status-input.js';
import { learningCurvePlot, outcomesPlot, timingsPlot, type OutcomeTotals } from './status-plots.js';
import { roundSeconds } from './display-order.js';
import { metricShortTitle, metricTitle } from './metric-names.js';
import { heldOutParityPlot } from './held-out-parity.js';
import { calibrationPlot, coverage, labelHistogramPlot, type Coverage } from './model-plots.js';
import { parityPlot } from './parity-plot.js';

export const MAX_EVENTS = 10;
export const MAX_BEST = 24;

export interface PageEvent {
  readonly at: number;
  readonly iso: string;
  readonly clock: string;
  readonly kind: string;
  readonly message: string;
}

export interface PageMolecule {
  readonly rank: number;
  readonly id: string;
  readonly smiles: string;
  readonly label: number | null;
  readonly predicted: number | null;
  readonly predictedStd: number | null;
  /** Null when the input does not say (inputs built before it did). */
  readonly generation: number | null;
  readonly svg: string | null;
}

export interface PageModel {
  readonly title: string;
  readonly campaign: StatusInput['campaign'];
  readonly state: string;
  readonly status: StatusInput['status'];
  readonly generation: number;
  readonly generations: number;
  /** Rounds with metrics (one per generation 0..generations when the budget is spent). */
  readonly roundsFinished: number;
  readonly roundsTotal: number;
  readonly labeled: number;
  readonly budget: number;
  /** labeled / budget in [0, 1]; 0 when the budget is 0. */
  readonly budgetFraction: number;
  readonly poolSize: number;
  readonly startedAt: number;
  /** When the runner assembled the input (epoch ms), and as text (UTC). */
  readonly updatedAt: number;
  readonly updatedText: string;
  readonly elapsedSeconds: number;
  /** Mean of the per-round stage seconds over finished rounds; null before the first round. */
  readonly meanRoundSeconds: number | null;
  /** Seconds to the end: mean seconds per finished round × rounds left; 0 when done, null when unknown. */
  readonly etaSeconds: number | null;
  /** Epoch ms of the expected end; null when the ETA is unknown. */
  readonly etaAt: number | null;
  readonly headline: string;
  /** The headline as people read it ("top-k found (share of the true top-k)"), and short ("top-k found"). */
  readonly headlineTitle: string;
  readonly headlineShort: string;
  readonly headlineLatest: number | null;
  readonly headlineBest: number | null;
  readonly baselineLatest: number | null;
  readonly plots: {
    readonly learningCurve: PlotSpec;
    readonly outcomes: PlotSpec;
    readonly timings: PlotSpec;
    readonly parity: PlotSpec;
    /** The held-out set's parity; null without a held-out set or for a classification. */
    readonly heldOutParity: PlotSpec | null;
    readonly calibration: PlotSpec;
    readonly labels: PlotSpec;
  };
  /** Shares of labels within ±1σ/±2σ of their prediction at acquisition; null without uncertainties. */
  readonly coverage: Coverage | null;
  readonly label: StatusLabel;
  /** The last generations' picks, newest first. */
  readonly picks: readonly { readonly generation: number; readonly molecules: readonly PageMolecule[] }[];
  /** The last events, newest first. */
  readonly events: readonly PageEvent[];
  readonly failures: readonly string[];
  /** The reason to show prominently when the campaign failed or was interrupted; null otherwise. */
  readonly failureReason: string | null;
  readonly stopReason: string | null;
  readonly best: readonly PageMolecule[];
  readonly waiting: boolean;
  readonly totals: OutcomeTotals;
}

/** A headline in label units (the prospective `explored_topk_mean`) is better lower when minimizing. */
function lowerIsBetter(input: Pick<StatusInput, 'headline' | 'campaign'>): boolean {
  return input.campaign.objective === 'minimize' && ['explored_topk_mean', 'best_label'].includes(input.headline);
}

const toPageMolecule = (m: StatusMolecule, i: number): PageMolecule => ({
  rank: i + 1,
  id: m.id,
  smiles: m.smiles,
  label: finiteOrNull(m.label),
  predicted: finiteOrNull(m.predicted),
  predictedStd: finiteOrNull(m.predictedStd),
  generation: m.generation ?? null,
  svg: m.svg ?? null,
});

const bestOf = (values: readonly number[], lower: boolean) => (lower ? Math.min(...values) : Math.max(...values));

export function buildPageModel(input: StatusInput): PageModel {
  const roundsFinished = input.history.length;
  const roundsTotal = Math.max(input.generations + 1, roundsFinished);
  const meanRoundSeconds =
    roundsFinished === 0 ? null : input.history.reduce((a, r) => a + roundSeconds(r), 0) / roundsFinished;
  let etaSeconds: number | null = null;
  if (input.status === 'done') etaSeconds = 0;
  else if (input.status === 'running' && meanRoundSeconds !== null) {
    etaSeconds = meanRoundSeconds * Math.max(0, roundsTotal - roundsFinished);
  }
  const headlines = input.history.map((r) => finiteOrNull(r.metrics[input.headline]));
  const known = headlines.filter((v): v is number => v !== null);
  const last = input.history.length - 1;
  const { spec: outcomes, totals } = outcomesPlot(input);
  const failureReason =
    input.status === 'failed' || input.status === 'interrupted'
      ? (input.failures[input.failures.length - 1] ??
        (input.status === 'failed' ? 'failed (no reason recorded)' : 'interrupted'))
      : null;
  return {
    title: `${input.campaign.name} — ${input.status}`,
    campaign: input.campaign,
    state: input.state,
    status: input.status,
    generation: input.generation,
    generations: input.generations,
    roundsFinished,
    roundsTotal,
    labeled: input.labeled,
    budget: input.budget,
    budgetFraction: input.budget > 0 ? Math.min(1, Math.max(0, input.labeled / input.budget)) : 0,
    poolSize: input.poolSize,
    startedAt: input.startedAt,
    updatedAt: input.now,
    updatedText: formatDateTimeUtc(input.now),
    elapsedSeconds: Math.max(0, (input.now - input.startedAt) / 1000),
    meanRoundSeconds,
    etaSeconds,
    etaAt: etaSeconds === null ? null : input.now + etaSeconds * 1000,
    headline: input.headline,
    headlineTitle: metricTitle(input.headline),
    headlineShort: metricShortTitle(input.headline),
    headlineLatest: last >= 0 ? (headlines[last] ?? null) : null,
    headlineBest: known.length === 0 ? null : bestOf(known, lowerIsBetter(input)),
    baselineLatest: last >= 0 ? finiteOrNull(input.randomBaseline[last]) : null,
    plots: {
      learningCurve: learningCurvePlot(input),
      outcomes,
      timings: timingsPlot(input),
      parity: parityPlot(input),
      heldOutParity: heldOutParityPlot(input),
      calibration: calibrationPlot(input),
      labels: labelHistogramPlot(input),
    },
    coverage: input.campaign.task === 'regression' ? coverage(input.predictions ?? []) : null,
    label: input.label ?? { name: 'label', source: '' },
    picks: (input.picks ?? []).map((p) => ({ generation: p.generation, molecules: p.molecules.map(toPageMolecule) })),
    events: [...input.events]
      .sort((a, b) => a.at - b.at)
      .slice(-MAX_EVENTS)
      .reverse()
      .map((e) => ({
        at: e.at,
        iso: new Date(e.at).toISOString(),
        clock: formatClockUtc(e.at),
        kind: e.kind,
        message: e.message,
      })),
    failures: input.failures,
    failureReason,
    stopReason: input.stopReason,
    best: input.best.slice(0, MAX_BEST).map(toPageMolecule),
    waiting: roundsFinished === 0,
    totals,
  };
}
