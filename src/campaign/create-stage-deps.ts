/**
 * The composition of the stages' seams for a local run: the surrogate the config names over the
 * local executor (the pool set under the supervisor), the feature store, the model store and the oracle.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import type { Dataset } from '../data/load-dataset.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { createSurrogate } from '../models/create-surrogate.js';
import type { Oracle } from '../oracles/oracle.js';
import type { OracleJournal } from '../oracles/oracle-journal.js';
import type { Executor } from '../pool/executor.js';
import { createLocalExecutor } from '../pool/local-executor.js';
import { withRemoteStages } from '../remote/remote-exec.js';
import type { RemoteRunner } from '../remote/remote-task.js';
import type { LimitStage } from '../shared/vocabulary.js';
import type { PoolSet } from '../pool/pool-set.js';
import type { Supervisor } from '../pool/supervisor.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import { matrixKindOf } from '../shared/features.js';
import type { FeatureStore } from '../state/feature-cache.js';
import { createModelStore } from '../state/model-cache.js';
import { createInjectors } from './create-injectors.js';
import type { ExportSink } from '../state/exports.js';
import type { PoolFacts } from './stages/nothing-to-acquire.js';
import type { StageDeps } from './stages/stage-deps.js';
import { createPruneStore } from '../state/prune-file.js';

export interface CampaignRuntime {
  readonly config: CampaignConfig;
  readonly dataset: Pick<Dataset, 'smiles'> & Partial<Pick<Dataset, 'path' | 'rowsRead' | 'issues' | 'ids'>>;
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  readonly features: FeatureStore;
  /** Where trained models are kept, content-addressed. */
  readonly modelsDir: string;
  readonly oracle: Oracle;
  readonly journal?: OracleJournal;
  readonly clock: Clock;
  readonly events: EventBus<CampaignEventMap>;
  /** Pool indices of the first batch (`campaign.initial_from`); none: a random `campaign.initial` batch. */
  readonly initial?: readonly number[];
  /** Imported first-batch labels by pool index (`campaign.initial_from.score_column`). */
  readonly imported?: ReadonlyMap<number, number>;
  readonly exports?: ExportSink;
  /** Told when a stored model is damaged and trained again. */
  readonly onCorrupt?: (message: string) => void;
  /** The remote runner of a stage's engine tasks (`executor:`), or null for the local pools. */
  readonly remote?: (stage: LimitStage) => RemoteRunner | null;
  /** Where the pruned pool of each generation is kept (`acquisition.prune`); none: nothing is pruned. */
  readonly pruneDir?: string;
}

function poolFacts(dataset: CampaignRuntime['dataset']): PoolFacts | undefined {
  const { path, rowsRead, issues } = dataset;
  if (path === undefined || rowsRead === undefined || issues === undefined) return undefined;
  return {
    file: path,
    rows: rowsRead,
    unlabeled: issues.missingLabel.count + issues.badLabel.count,
    leftOut: issues.emptySmiles.count + issues.duplicateSmiles.count,
  };
}

/** The local executor, with the stages that have a remote runner sent there. */
function remoteOr(rt: CampaignRuntime, local: Executor): Executor {
  return rt.remote === undefined ? local : withRemoteStages(local, rt.remote);
}

export function createStageDeps(rt: CampaignRuntime): StageDeps {
  const { config, dataset } = rt;
  const inject = createInjectors(config, dataset.smiles.length);
  const facts = poolFacts(dataset);
  const surrogate = createSurrogate(config.model, matrixKindOf(config.featurizer), config.task);
  return {
    config,
    molecules: dataset.smiles.length,
    surrogate,
    models: createModelStore(rt.modelsDir, (bytes) => surrogate.decode(bytes), rt.onCorrupt),
    oracle: rt.oracle,
    ...(rt.journal === undefined ? {} : { journal: rt.journal }),
    ...(dataset.ids === undefined ? {} : { ids: dataset.ids }),
    executor: remoteOr(
      rt,
      createLocalExecutor({
        pools: rt.pools,
        supervisor: rt.supervisor,
        maxFailureRate: config.failures.max_rate,
        onDispatch: (timing) => rt.events.emit('dispatch', timing),
        onProgress: (progress) => rt.events.emit('stage:progress', progress),
        clock: rt.clock,
      }),
    ),
    features: { load: (exec) => rt.features.get(dataset.smiles, config.featurizer, exec, inject.featurize) },
    clock: rt.clock,
    events: rt.events,
    ...(rt.initial === undefined ? {} : { initial: rt.initial }),
    ...(rt.imported === undefined ? {} : { imported: rt.imported }),
    ...(rt.exports === undefined ? {} : { exports: rt.exports }),
    ...(facts === undefined ? {} : { pool: facts }),
    ...(rt.pruneDir === undefined ? {} : { prune: createPruneStore(rt.pruneDir) }),
    injectTrain: (generation, trees, attempt) => inject.train(generation, trees, attempt),
  };
}
