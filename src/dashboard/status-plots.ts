/** The status page's three plots, built from its input: learning curve, task outcomes, stage seconds. */
import { FAILURE_CLASSES, STAGE_NAMES } from './display-order.js';
import { finiteOrNull } from './finite-or-null.js';
import { metricTitle } from './metric-names.js';
import {
  BASELINE_COLOUR,
  HEADLINE_COLOUR,
  OUTCOME_STYLES,
  STAGE_COLOURS,
  STARTUP_COLOUR,
  TRUTH_COLOUR,
} from './palette.js';
import type { PlotSpec, PlotTrace } from './plot-spec.js';
import type { StatusInput } from './status-input.js';

/** Tasks that ended ok, after retries, and failed, over the whole campaign. */
export interface OutcomeTotals {
  readonly ok: number;
  readonly retried: number;
  readonly failed: number;
}

export function learningCurvePlot(input: StatusInput): PlotSpec {
  const x = input.history.map((r) => r.labeled);
  const y = input.history.map((r) => finiteOrNull(r.metrics[input.headline]));
  const traces: PlotTrace[] = [];
  if (input.history.length > 0) {
    traces.push({
      name: `${input.campaign.strategy} acquisition`,
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
      traces.push({
        name: 'random acquisition (expected)',
        x: bx,
        y: by,
        style: 'dashed-line',
        colour: BASELINE_COLOUR,
      });
    }
  }
  const baseline = traces.length > 1;
  return {
    id: 'plot-learning-curve',
    title: `Learning curve: ${metricTitle(input.headline)}`,
    xTitle: 'labeled molecules',
    yTitle: metricTitle(input.headline),
    hint: baseline
      ? 'dashed: random acquisition (expected share found = share of the pool labeled)'
      : 'no random baseline known for this metric',
    xAxis: 'linear',
    stacked: false,
    traces,
    emptyText: input.history.length === 0 ? 'waiting for the first round' : null,
  };
}

export function outcomesPlot(input: StatusInput): { spec: PlotSpec; totals: OutcomeTotals } {
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

/** A stage's seconds per round, less what the start-up and the ground truth took of them. */
function stageSeries(input: StatusInput, stage: (typeof STAGE_NAMES)[number]): (number | null)[] {
  const startup = input.startup ?? null;
  const truth = new Map((input.truthSeconds ?? []).map((t) => [t.generation, t.seconds]));
  return input.history.map((r) => {
    let s = finiteOrNull(r.seconds[stage]);
    if (s === null) return null;
    if (startup !== null && startup.stage === stage && startup.generation === r.generation) s -= startup.inStage;
    if (stage === 'evaluate') s -= truth.get(r.generation) ?? 0;
    return Math.max(0, s);
  });
}

export function timingsPlot(input: StatusInput): PlotSpec {
  const x = input.history.map((r) => r.generation);
  const traces: PlotTrace[] = [];
  const startup = input.startup ?? null;
  if (input.history.length > 0) {
    if (startup !== null && x.includes(startup.generation)) {
      const y = input.history.map((r) => (r.generation === startup.generation ? startup.seconds : 0));
      traces.push({ name: 'start-up', x, y, style: 'bar', colour: STARTUP_COLOUR, pattern: '/' });
    }
    for (const stage of STAGE_NAMES) {
      traces.push({ name: stage, x, y: stageSeries(input, stage), style: 'bar', colour: STAGE_COLOURS[stage] });
    }
    const truth = new Map((input.truthSeconds ?? []).map((t) => [t.generation, t.seconds]));
    if (input.history.some((r) => truth.has(r.generation))) {
      const y = input.history.map((r) => truth.get(r.generation) ?? 0);
      traces.push({ name: 'ground truth (benchmark)', x, y, style: 'bar', colour: TRUTH_COLOUR, pattern: '.' });
    }
  }
  return {
    id: 'plot-timings',
    title: 'Seconds per stage per round',
    xTitle: 'generation',
    yTitle: 'seconds',
    xAxis: 'category',
    stacked: true,
    traces,
    emptyText: input.history.length === 0 ? 'waiting for the first round' : null,
    hint:
      startup === null
        ? 'stacked by stage'
        : `stacked by stage; start-up: dataset, worker threads, RDKit (${startup.seconds.toFixed(1)} s)`,
  };
}
