/**
 * What the stages need, as narrow types: each stage takes the `Pick` of `StageDeps` it uses, so that a
 * test hands it fakes (a surrogate, an oracle, an executor, a feature source) and no pool or RDKit.
 */
import type { CampaignConfig } from '../../config/campaign-schema.js';
import type { CampaignEventMap } from '../../events/campaign-events.js';
import type { Surrogate, TrainedModel } from '../../models/surrogate.js';
import type { Oracle } from '../../oracles/oracle.js';
import type { OracleJournal } from '../../oracles/oracle-journal.js';
import type { Exec, Executor } from '../../pool/executor.js';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/event-bus.js';
import type { InjectedFailure } from '../../shared/tasks.js';
import type { Features } from '../../state/feature-cache.js';
import type { ModelStore } from '../../state/model-cache.js';
import type { ExportSink } from '../../state/exports.js';
import type { PruneStore } from '../../state/prune-file.js';
import type { PoolFacts } from './nothing-to-acquire.js';
import type { StringColumn } from '../../shared/smiles-store.js';

/** What the stages read of the config. */
export type StageConfig = Pick<CampaignConfig, 'seed' | 'task' | 'objective' | 'campaign' | 'acquisition'>;

/** The features a stage uses: the matrix, which rows are valid molecules, and the content address. */
export type StageFeatures = Pick<Features, 'key' | 'matrix' | 'valid' | 'fromCache'>;

/** The campaign's features, from the content-addressed cache or computed on the executor. */
export interface FeatureSource {
  load(exec: Exec): Promise<StageFeatures>;
}

/** Failure injection into a generation's training tasks (config `inject.train_timeout`). */
export type TrainFailureInjector = (
  generation: number,
  items: readonly number[],
  attempt: number,
) => InjectedFailure | undefined;

export interface StageDeps {
  readonly config: StageConfig;
  /** Molecules in the dataset: pool indices are 0 .. molecules - 1. */
  readonly molecules: number;
  readonly surrogate: Surrogate;
  readonly models: ModelStore<TrainedModel>;
  readonly oracle: Oracle;
  /** Every oracle result, durable as it arrives; none: nothing is journaled (a stage tested alone). */
  readonly journal?: OracleJournal;
  /** Pool ids (the journal's and the batch files' names of the molecules). */
  readonly ids?: StringColumn;
  readonly executor: Executor;
  readonly features: FeatureSource;
  readonly clock: Pick<Clock, 'monotonic'>;
  readonly events: Pick<EventBus<CampaignEventMap>, 'emit'>;
  /** Pool indices of the first batch (`campaign.initial_from`); none: a random `campaign.initial` batch. */
  readonly initial?: readonly number[];
  /** Labels of first-batch molecules imported from `campaign.initial_from.score_column`, by pool index. */
  readonly imported?: ReadonlyMap<number, number>;
  /** Where the predictions over the pool are exported each generation; none: not exported. */
  readonly exports?: ExportSink;
  readonly injectTrain?: TrainFailureInjector;
  /** Where the dataset's rows went, for the refusal of a pool with nothing to acquire. */
  readonly pool?: PoolFacts;
  /** The pruned part of the pool by generation (`acquisition.prune`); none: nothing is pruned. */
  readonly prune?: PruneStore;
}
