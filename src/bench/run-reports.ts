/**
 * What one benchmark run reports: the Alcove child's JSON line and the reference script's JSON object,
 * both reduced to the same `RunFigures` so the rest of the bench compares like with like.
 */
import type { AlcoveTimings, TraceEntry } from './timing-collector.js';

export const SYSTEMS = ['alcove', 'reference'] as const;
export type System = (typeof SYSTEMS)[number];

/** One point of a learning curve: molecules labeled so far and the share of the true top-k found. */
export interface CurvePoint {
  readonly labeled: number;
  readonly topk_scores: number | null;
  readonly topk_smiles: number | null;
  /** Held-out R² (Alcove only, when the campaign keeps a test split). */
  readonly r2?: number | null;
}

/** The JSON line `alcove-run` prints. */
export interface AlcoveRunReport {
  readonly system: 'alcove';
  readonly status: string;
  readonly molecules: number;
  readonly invalid: number;
  readonly threads: number;
  readonly timings: AlcoveTimings;
  readonly max_rss_bytes: number;
  /** CPU seconds of the whole process (all threads) inside the train and explore stages. */
  readonly model_cpu_s?: number;
  readonly history: readonly CurvePoint[];
  readonly trace: readonly TraceEntry[];
  /** With `acquisition.prune`: the candidates left after each explore that pruned (its `pool_remaining`). */
  readonly pool_remaining?: readonly number[];
}

/** The JSON object `al_reference.py` prints, plus the wrapper's figures. */
export interface ReferenceOutput {
  readonly n: number;
  readonly k: number;
  readonly strategy: string;
  readonly seed: number;
  readonly seconds: {
    readonly load: number;
    readonly featurize: number;
    readonly train: number;
    readonly predict: number;
  };
  readonly featurize_mol_per_s: number;
  readonly history: readonly { readonly acquired: number; readonly smis: number; readonly scores: number }[];
}

export interface ReferenceWrapperFigures {
  /** Seconds from the script's first line to its last (imports of numpy/RDKit/sklearn done before). */
  readonly script_s: number;
  readonly max_rss_kb: number;
}

/**
 * Alcove's orchestration figures as shares of wall time (see timing-collector.ts); null for the
 * reference, and for Alcove reports older than the timing events.
 */
export interface OverheadShares {
  /** The target: transitions + dispatch. */
  readonly orchestration_share: number | null;
  readonly transitions_share: number | null;
  readonly checkpoint_share: number | null;
  readonly dispatch_share: number | null;
  /** Views rewritten off the transition; the run's start and end outside the machine. */
  readonly views_share: number | null;
  readonly run_edges_share: number | null;
  /** Everything but engine calls (upper bound: wall − load − engine calls). */
  readonly overhead_share: number | null;
  /** The lower bound (wall − load − stage actors). */
  readonly overhead_outside_stages_share: number | null;
}

export const OVERHEAD_SHARE_KEYS = [
  'orchestration_share',
  'transitions_share',
  'checkpoint_share',
  'dispatch_share',
  'views_share',
  'run_edges_share',
  'overhead_share',
  'overhead_outside_stages_share',
] as const satisfies readonly (keyof OverheadShares)[];

export const NO_OVERHEAD_SHARES: OverheadShares = Object.fromEntries(
  OVERHEAD_SHARE_KEYS.map((k) => [k, null]),
) as Record<keyof OverheadShares, null>;

/** The figures the bench compares, per run, for either system. */
export interface RunFigures extends OverheadShares {
  readonly wall_s: number;
  /** The child process from spawn to exit (interpreter start, imports, worker start-up included). */
  readonly process_s: number;
  readonly featurize_rate: number | null;
  readonly featurize_s: number | null;
  readonly train_s_per_round: number | null;
  readonly predict_s_per_round: number | null;
  readonly train_rounds: number;
  readonly predict_rounds: number;
  readonly max_rss_bytes: number;
  /**
   * Train + predict CPU seconds over the campaign: Alcove's process CPU time (all threads) inside its train
   * and explore stages (so also the acquisition's ranking and the lookups: an upper bound), al_models.py's
   * `process_time` of its train and predict calls; null where not measured (al_reference.py).
   */
  readonly model_cpu_s: number | null;
  readonly final_topk_scores: number | null;
  readonly final_topk_smiles: number | null;
  readonly history: readonly CurvePoint[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAlcoveRunReport(value: unknown): value is AlcoveRunReport {
  return (
    isRecord(value) &&
    value.system === 'alcove' &&
    typeof value.status === 'string' &&
    isRecord(value.timings) &&
    typeof value.max_rss_bytes === 'number' &&
    Array.isArray(value.history)
  );
}

export function isReferenceOutput(value: unknown): value is ReferenceOutput {
  return (
    isRecord(value) &&
    typeof value.n === 'number' &&
    isRecord(value.seconds) &&
    typeof value.featurize_mol_per_s === 'number' &&
    Array.isArray(value.history)
  );
}

export function isReferenceWrapperFigures(value: unknown): value is ReferenceWrapperFigures {
  return isRecord(value) && typeof value.script_s === 'number' && typeof value.max_rss_kb === 'number';
}

/** Older reports (before the timing events) lack the first six: null, not zero. */
function shares(t: AlcoveTimings): OverheadShares {
  const share = (s: number | undefined) => (typeof s === 'number' && t.wall_s > 0 ? s / t.wall_s : null);
  return {
    overhead_share: t.overhead_share,
    overhead_outside_stages_share: t.overhead_outside_stages_share,
    orchestration_share: share(t.orchestration_s),
    transitions_share: share(t.transitions_s),
    checkpoint_share: share(t.checkpoint_s),
    dispatch_share: share(t.dispatch_s),
    views_share: share(t.views_s),
    run_edges_share: share(t.run_edges_s),
  };
}

export function alcoveFigures(report: AlcoveRunReport, processSeconds: number): RunFigures {
  const t = report.timings;
  const last = report.history[report.history.length - 1];
  return {
    wall_s: t.wall_s,
    process_s: processSeconds,
    featurize_rate: t.featurize_rate,
    featurize_s: t.featurize_s,
    train_s_per_round: t.train_s_per_round,
    predict_s_per_round: t.predict_s_per_round,
    train_rounds: t.train_rounds,
    predict_rounds: t.predict_rounds,
    ...shares(t),
    max_rss_bytes: report.max_rss_bytes,
    model_cpu_s: typeof report.model_cpu_s === 'number' ? report.model_cpu_s : null,
    final_topk_scores: last?.topk_scores ?? null,
    final_topk_smiles: last?.topk_smiles ?? null,
    history: report.history,
  };
}

/**
 * The reference trains and predicts once per acquired batch (`--iters`); with the random strategy it
 * does neither. Its whole-campaign wall is the script's own time, imports excluded (as Alcove's is
 * `runCampaign`'s time, module loading excluded).
 */
export function referenceFigures(
  out: ReferenceOutput,
  wrapper: ReferenceWrapperFigures,
  processSeconds: number,
): RunFigures {
  const rounds = out.strategy === 'random' ? 0 : Math.max(0, out.history.length - 1);
  const last = out.history[out.history.length - 1];
  return {
    wall_s: wrapper.script_s,
    process_s: processSeconds,
    featurize_rate: out.featurize_mol_per_s,
    featurize_s: out.seconds.featurize,
    train_s_per_round: rounds > 0 ? out.seconds.train / rounds : null,
    predict_s_per_round: rounds > 0 ? out.seconds.predict / rounds : null,
    train_rounds: rounds,
    predict_rounds: rounds,
    ...NO_OVERHEAD_SHARES,
    max_rss_bytes: wrapper.max_rss_kb * 1024,
    model_cpu_s: null,
    final_topk_scores: last?.scores ?? null,
    final_topk_smiles: last?.smis ?? null,
    history: out.history.map((h) => ({ labeled: h.acquired, topk_scores: h.scores, topk_smiles: h.smis })),
  };
}
