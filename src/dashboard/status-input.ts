/**
 * What the dashboard and the report are drawn from: plain data the campaign runner assembles after
 * every transition. Everything that comes from data (names, SMILES, ids, messages) is untrusted text
 * and must be HTML-escaped where it is shown.
 */
import type { Stage, TaskClass } from '../shared/vocabulary.js';

export interface StatusRound {
  readonly generation: number;
  readonly labeled: number;
  /** snake_case metric names: rmse, mae, r2, spearman, roc_auc, pr_auc, accuracy, topk_smiles, topk_scores. */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly seconds: Readonly<Record<Stage, number>>;
}

export interface StatusTaskRound {
  readonly generation: number;
  /** Task attempts by stage and outcome class; a task that succeeded after retries counts once as 'retried'. */
  readonly stages: Readonly<
    Record<string, { ok: number; retried: number; failed: Readonly<Partial<Record<TaskClass, number>>> }>
  >;
}

export interface StatusEvent {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly kind: string;
  readonly message: string;
}

export interface StatusInput {
  readonly campaign: {
    readonly name: string;
    readonly configFile: string;
    readonly datasetPath: string;
    readonly task: 'regression' | 'classification';
    readonly objective: 'maximize' | 'minimize';
    readonly strategy: string;
  };
  /** The machine state now: idle, featurize, train, evaluate, explore, done, failed. */
  readonly state: string;
  readonly status: 'running' | 'done' | 'failed' | 'interrupted' | 'waiting';
  readonly generation: number;
  readonly generations: number;
  readonly labeled: number;
  /** Molecules labeled when the budget is spent (initial + generations × batch). */
  readonly budget: number;
  readonly poolSize: number;
  readonly startedAt: number;
  readonly now: number;
  /** The learning-curve metric: r2 or roc_auc for property campaigns, topk_scores for screening. */
  readonly headline: string;
  /** Expected headline under random acquisition at each round's labeled count, where known. */
  readonly randomBaseline: readonly (number | null)[];
  readonly history: readonly StatusRound[];
  readonly tasks: readonly StatusTaskRound[];
  readonly events: readonly StatusEvent[];
  readonly failures: readonly string[];
  /** Best molecules found so far, best first. */
  readonly best: readonly { readonly id: string; readonly smiles: string; readonly label: number }[];
  readonly stopReason: string | null;
}
