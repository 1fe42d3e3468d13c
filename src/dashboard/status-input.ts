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

/** A molecule as the page shows it (the best found, a batch's picks). */
export interface StatusMolecule {
  readonly id: string;
  readonly smiles: string;
  /** Its label; null when the oracle call failed. */
  readonly label: number | null;
  /** The model's mean and uncertainty when its batch was chosen; null for the first batch and random picks. */
  readonly predicted?: number | null;
  readonly predictedStd?: number | null;
  /** The generation that acquired it. */
  readonly generation?: number;
  /** RDKit.js's SVG drawing of it (trusted: RDKit's output, shown as an image); null when not drawn. */
  readonly svg?: string | null;
}

/** One labeled molecule that was predicted before its label came (a prediction at acquisition). */
export interface StatusPrediction {
  readonly generation: number;
  readonly label: number;
  readonly predicted: number;
  /** Null when the model gave no uncertainty. */
  readonly std: number | null;
  readonly id: string;
}

/** The held-out set as the status page's held-out parity plot draws it. */
export interface StatusHeldOut {
  /** Molecules held out (those whose label failed included). */
  readonly size: number;
  /** The generation whose model predicted them; null before the first evaluate. */
  readonly generation: number | null;
  /** Held-out molecules with a label and a prediction. */
  readonly predicted: number;
  /** At most the page's cap of them, an even stride through the held-out set (generation: the model's). */
  readonly points: readonly StatusPrediction[];
}

/** What the label is: its name and where it comes from (a column of the dataset, a computed oracle). */
export interface StatusLabel {
  readonly name: string;
  /** For example "column `logS` of data.csv", "computed by the desirability oracle". */
  readonly source: string;
}

/** A run's seconds before its first engine work ended, and how many of them its first stage counted. */
export interface StatusStartup {
  readonly generation: number;
  readonly stage: Stage;
  readonly seconds: number;
  /** The part of `seconds` inside the seconds of `stage` in `generation` (the rest came before it). */
  readonly inStage: number;
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
  readonly best: readonly StatusMolecule[];
  readonly stopReason: string | null;
  /** The later keys are optional, so that inputs built before them still draw a page (without those parts). */
  readonly label?: StatusLabel;
  /** The picks of the last few generations, newest generation first, best predicted first in each. */
  readonly picks?: readonly { readonly generation: number; readonly molecules: readonly StatusMolecule[] }[];
  /** Every labeled molecule that had a prediction at acquisition, in acquisition order. */
  readonly predictions?: readonly StatusPrediction[];
  /** The held-out set's latest predictions; absent without a held-out set (`campaign.test_fraction: 0`). */
  readonly heldOut?: StatusHeldOut;
  /** Labels of every labeled molecule with the generation that acquired it (failed calls left out). */
  readonly labels?: readonly { readonly generation: number; readonly label: number }[];
  /** The run's start-up (dataset, worker threads, RDKit), counted in the seconds of `stage`; null unknown. */
  readonly startup?: StatusStartup | null;
  /** Seconds evaluate spent on the oracle's ground truth (a benchmark's cost), by generation. */
  readonly truthSeconds?: readonly { readonly generation: number; readonly seconds: number }[];
}
