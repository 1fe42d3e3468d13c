/**
 * What the status page shows, decided here as plain data (no HTML): which numbers go into which plot,
 * card and table. Pure, so that it is tested without a browser; `render-status-page.ts` only lays it out.
 */
import { formatClockUtc, formatDateTimeUtc } from './format.js';
import { BASELINE_COLOUR, HEADLINE_COLOUR, OUTCOME_STYLES, STAGE_COLOURS } from './palette.js';
import type { Stage, TaskClass } from '../shared/vocabulary.js';
import type { StatusInput, StatusRound } from './status-input.js';

export const STAGE_NAMES = ['featurize', 'train', 'evaluate', 'explore'] as const satisfies readonly Stage[];
export const FAILURE_CLASSES = [
  'oom',
  'timeout',
  'crash',
  'bad_input',
  'error',
  'interrupted',
] as const satisfies readonly TaskClass[];

export const MAX_EVENTS = 10;
export const MAX_BEST = 10;

export type TraceStyle = 'line' | 'dashed-line' | 'bar';

export interface PlotTrace {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  readonly style: TraceStyle;
  readonly colour: string;
  /** Bar fill pattern (plotly `marker.pattern.shape`), a second cue next to colour. */
  readonly pattern?: string;
  /** Hover label per point. */
  readonly hover?: readonly string[];
}

export interface PlotSpec {
  /** DOM id of the plot's element. */
  readonly id: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  /** 'category' for per-round bars (one tick per generation), 'linear' for the learning curve. */
  readonly xAxis: 'linear' | 'category';
  readonly stacked: boolean;
  readonly traces: readonly PlotTrace[];
  /** Shown instead of the plot when there is nothing to draw yet; null when there is. */
  readonly emptyText: string | null;
}

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
  readonly label: number;
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
  readonly headlineLatest: number | null;
  readonly headlineBest: number | null;
  readonly baselineLatest: number | null;
  readonly plots: {
    readonly learningCurve: PlotSpec;
    readonly outcomes: PlotSpec;
    readonly timings: PlotSpec;
  };
  /** The last events, newest first. */
  readonly events: readonly PageEvent[];
  readonly failures: readonly string[];
  /** The reason to show prominently when the campaign failed or was interrupted; null otherwise. */
  readonly failureReason: string | null;
  readonly stopReason: string | null;
  readonly best: readonly PageMolecule[];
  readonly waiting: boolean;
  readonly totals: { readonly ok: number; readonly retried: number; readonly failed: number };
}

export function roundSeconds(round: StatusRound): number {
  let total = 0;
  for (const stage of STAGE_NAMES) {
    const s = round.seconds[stage];
    if (Number.isFinite(s)) total += s;
  }
  return total;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

function learningCurvePlot(input: StatusInput): PlotSpec {
  const x = input.history.map((r) => r.labeled);
  const y = input.history.map((r) => finiteOrNull(r.metrics[input.headline]));
  const traces: PlotTrace[] = [];
  if (input.history.length > 0) {
    traces.push({
      name: input.headline,
      x,
      y,
      style: 'line',
      colour: HEADLINE_COLOUR,
      hover: input.history.map((r) => `generation ${r.generation}`),
    });
    // Baseline aligned with history; only the rounds where it is known.
    const bx: number[] = [];
    const by: number[] = [];
    input.history.forEach((r, i) => {
      const b = finiteOrNull(input.randomBaseline[i]);
      if (b !== null) {
        bx.push(r.labeled);
        by.push(b);
      }
    });
    if (bx.length > 0) {
      traces.push({ name: 'random baseline', x: bx, y: by, style: 'dashed-line', colour: BASELINE_COLOUR });
    }
  }
  return {
    id: 'plot-learning-curve',
    title: `Learning curve (${input.headline})`,
    xTitle: 'labeled molecules',
    yTitle: input.headline,
    xAxis: 'linear',
    stacked: false,
    traces,
    emptyText: input.history.length === 0 ? 'waiting for the first round' : null,
  };
}

function outcomesPlot(input: StatusInput): { spec: PlotSpec; totals: PageModel['totals'] } {
  const rounds = [...input.tasks].sort((a, b) => a.generation - b.generation);
  const x = rounds.map((r) => r.generation);
  // Per round: ok, retried and failed-by-class summed over the stages.
  const perRound = rounds.map((round) => {
    let ok = 0;
    let retried = 0;
    const failed = new Map<string, number>();
    for (const stage of Object.values(round.stages)) {
      ok += stage.ok;
      retried += stage.retried;
      for (const [cls, n] of Object.entries(stage.failed)) {
        if (n !== undefined && n > 0) failed.set(cls, (failed.get(cls) ?? 0) + n);
      }
    }
    return { ok, retried, failed };
  });
  // Known classes in a fixed order, then any class the contract does not list (shown, not dropped).
  const classes: string[] = [...FAILURE_CLASSES];
  for (const r of perRound) for (const cls of r.failed.keys()) if (!classes.includes(cls)) classes.push(cls);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const ok = perRound.map((r) => r.ok);
  const retried = perRound.map((r) => r.retried);
  // Failures first, so that they sit at the bottom of each stack where small counts are easiest to see.
  const traces: PlotTrace[] = [];
  let failedTotal = 0;
  for (const cls of classes) {
    const series = perRound.map((r) => r.failed.get(cls) ?? 0);
    const total = sum(series);
    if (total === 0) continue;
    failedTotal += total;
    const style =
      (OUTCOME_STYLES as Record<string, { colour: string; pattern: string } | undefined>)[cls] ?? OUTCOME_STYLES.error;
    traces.push({ name: `failed: ${cls}`, x, y: series, style: 'bar', colour: style.colour, pattern: style.pattern });
  }
  if (rounds.length > 0) {
    traces.push({
      name: 'retried',
      x,
      y: retried,
      style: 'bar',
      colour: OUTCOME_STYLES.retried.colour,
      pattern: OUTCOME_STYLES.retried.pattern,
    });
    traces.push({
      name: 'ok',
      x,
      y: ok,
      style: 'bar',
      colour: OUTCOME_STYLES.ok.colour,
      pattern: OUTCOME_STYLES.ok.pattern,
    });
  }
  return {
    spec: {
      id: 'plot-outcomes',
      title: 'Task outcomes per round',
      xTitle: 'generation',
      yTitle: 'tasks',
      xAxis: 'category',
      stacked: true,
      traces,
      emptyText: rounds.length === 0 ? 'waiting for the first round' : null,
    },
    totals: { ok: sum(ok), retried: sum(retried), failed: failedTotal },
  };
}

function timingsPlot(input: StatusInput): PlotSpec {
  const x = input.history.map((r) => r.generation);
  const traces: PlotTrace[] =
    input.history.length === 0
      ? []
      : STAGE_NAMES.map((stage) => ({
          name: stage,
          x,
          y: input.history.map((r) => finiteOrNull(r.seconds[stage])),
          style: 'bar' as const,
          colour: STAGE_COLOURS[stage],
        }));
  return {
    id: 'plot-timings',
    title: 'Seconds per stage per round',
    xTitle: 'generation',
    yTitle: 'seconds',
    xAxis: 'category',
    stacked: true,
    traces,
    emptyText: input.history.length === 0 ? 'waiting for the first round' : null,
  };
}

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
    headlineLatest: last >= 0 ? (headlines[last] ?? null) : null,
    headlineBest: known.length === 0 ? null : Math.max(...known),
    baselineLatest: last >= 0 ? finiteOrNull(input.randomBaseline[last]) : null,
    plots: { learningCurve: learningCurvePlot(input), outcomes, timings: timingsPlot(input) },
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
    best: input.best.slice(0, MAX_BEST).map((m, i) => ({ rank: i + 1, id: m.id, smiles: m.smiles, label: m.label })),
    waiting: roundsFinished === 0,
    totals,
  };
}
