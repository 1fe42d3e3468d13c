/** The benchmark's timing figures of one Alcove run, and the samples and sums they are made from. */

export interface StageSample {
  readonly stage: string;
  readonly generation: number;
  /** Collector clock (ms) when the stage event arrived, i.e. the stage's end. */
  readonly end: number;
  readonly ms: number;
  readonly detail: Readonly<Record<string, number | string>>;
}

export interface TraceEntry {
  /** `stage:generation`, or `from>to` for a transition (a point: start = end). */
  readonly what: string;
  /** Milliseconds after the run's start. */
  readonly start: number;
  readonly end: number;
}

/** Sums of Alcove's orchestration timing events over a run, in ms. */
export interface OrchestrationSums {
  readonly step_ms: number;
  readonly checkpoint_ms: number;
  readonly observers_ms: number;
  readonly dispatch_ms: number;
  readonly views_ms: number;
  readonly engine_calls: number;
  /**
   * Worker-milliseconds (compute spans summed over threads) of the model's train and predict calls: the
   * threads' busy time, an upper bound of their CPU time (a preempted thread still counts).
   */
  readonly model_worker_ms: number;
}

export const NO_ORCHESTRATION: OrchestrationSums = {
  step_ms: 0,
  checkpoint_ms: 0,
  observers_ms: 0,
  dispatch_ms: 0,
  views_ms: 0,
  engine_calls: 0,
  model_worker_ms: 0,
};

export interface AlcoveTimings {
  readonly wall_s: number;
  /** Sum of the stage actors' durations, and per stage. */
  readonly stages_s: number;
  readonly stage_s: Readonly<Record<string, number>>;
  /** Sum of the engine calls (see above). */
  readonly engine_s: number;
  /** From `runCampaign`'s start to the first stage's start (includes the dataset load). */
  readonly setup_s: number;
  /** Gaps between one stage's end and the next one's start. */
  readonly between_s: number;
  /** From the last stage's end to `runCampaign`'s return. */
  readonly tail_s: number;
  /** The one-off dataset load excluded from both overhead figures (at most `setup_s`). */
  readonly load_s: number;
  /** The target: transitions + dispatch, from Alcove's timing events. */
  readonly orchestration_s: number;
  readonly orchestration_share: number;
  /** Its parts: transitions (xstate step + checkpoint + observers), of which checkpoint writes; dispatch. */
  readonly transitions_s: number;
  readonly checkpoint_s: number;
  readonly dispatch_s: number;
  readonly engine_calls: number;
  /** Views rewritten off the transition (status page, db.json, summary.json): main-thread time. */
  readonly views_s: number;
  readonly views_share: number;
  /** Run start (setup less the dataset load) and end (tail), outside the machine. */
  readonly run_edges_s: number;
  readonly run_edges_share: number;
  /** Upper bound: wall − load − engine calls. */
  readonly overhead_s: number;
  readonly overhead_share: number;
  /** Lower bound: wall − load − stage actors. */
  readonly overhead_outside_stages_s: number;
  readonly overhead_outside_stages_share: number;
  readonly transitions: number;
  /** Seconds of the first featurize stage (the one that computed or read the cache); null if none. */
  readonly featurize_s: number | null;
  readonly featurize_molecules: number | null;
  /** Molecules per second of that featurization. */
  readonly featurize_rate: number | null;
  /** Whether that featurization computed (`computed`) or read the feature cache (`hit`). */
  readonly featurize_cache: string | null;
  readonly train_rounds: number;
  readonly train_s_total: number;
  readonly train_s_per_round: number | null;
  /** Predictions over the candidate pool in `explore` (not the held-out test predictions). */
  readonly predict_rounds: number;
  readonly predict_s_total: number;
  readonly predict_s_per_round: number | null;
  /** Held-out test predictions in `evaluate`. */
  readonly test_predict_s: number;
  readonly oracle_s: number;
  readonly truth_s: number;
  /** Worker-seconds of the model's train and predict calls over the campaign (see OrchestrationSums). */
  readonly model_worker_s: number;
}
