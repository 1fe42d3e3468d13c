/**
 * The runtime a campaign's stages run on, assembled from its parts: the remote runners of `executor:`, and
 * the stage actors over the dataset, the worker pools, the caches, the oracle and the journal.
 */
import { join } from 'node:path';
import type { CampaignConfig } from '../config/campaign-schema.js';
import type { Dataset } from '../data/load-dataset.js';
import type { InitialMolecules } from '../data/initial-molecules.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { createOracle } from '../oracles/create-oracle.js';
import type { OracleJournal } from '../oracles/oracle-journal.js';
import { createSupervisor } from '../pool/supervisor.js';
import type { CampaignRecorder } from '../records/campaign-recorder.js';
import { createRemoteBatchRunner } from '../remote/remote-batch-runner.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import { createExportSink } from '../state/exports.js';
import { createFeatureStore } from '../state/feature-cache.js';
import type { StatePaths } from '../state/state-files.js';
import { createRemoteRunners, type RemoteRunners } from './create-remote-runners.js';
import { createStageDeps } from './create-stage-deps.js';
import type { RunCampaignOptions } from './run-campaign.js';
import { createCampaignStages } from './stages/campaign-stages.js';

type OracleBatchRunner = Parameters<typeof createOracle>[7];

/** The runners of `executor:`, and the command oracle's chunks on the oracle's runner (if remote). */
export function remoteParts(
  executor: CampaignConfig['executor'],
  stateDir: string,
  clock: Clock,
  log: (line: string) => void,
): { remote: RemoteRunners; remoteBatch: OracleBatchRunner } {
  const remote = createRemoteRunners(executor, { stateDir, clock, log });
  const runner = remote.forStage('oracle');
  const remoteBatch =
    runner === null ? undefined : (generation: () => number) => createRemoteBatchRunner({ runner, generation });
  return { remote, remoteBatch };
}

/** The imported labels by pool index, when the file has scores. */
function importedScores(initial: InitialMolecules | null): Map<number, number> | undefined {
  const scores = initial?.scores;
  if (initial === null || scores === undefined) return undefined;
  return new Map(initial.indices.map((i, j) => [i, scores[j] as number]));
}

export interface StageParts {
  readonly options: RunCampaignOptions;
  readonly paths: StatePaths;
  readonly dataset: Dataset;
  readonly events: EventBus<CampaignEventMap>;
  readonly recorder: CampaignRecorder;
  readonly journal: OracleJournal;
  readonly initial: InitialMolecules | null;
  readonly remote: RemoteRunners;
  readonly remoteBatch: OracleBatchRunner;
}

/** The machine's stage actors' implementations over this campaign's runtime. */
export function buildStages(parts: StageParts) {
  const { options, paths, dataset, events, recorder, journal, initial, remote, remoteBatch } = parts;
  const { loaded, pools, clock } = options;
  // A damaged artifact is recomputed: printed and recorded in the audit trail as a notice.
  const notice = (message: string) => events.emit('notice', { message });
  const imported = importedScores(initial);
  return createCampaignStages(
    createStageDeps({
      config: loaded.config,
      dataset,
      pools,
      supervisor: createSupervisor(clock, events, recorder.run),
      features: createFeatureStore(options.featureCacheDir ?? join(paths.artifacts, 'features'), notice),
      modelsDir: join(paths.artifacts, 'models'),
      pruneDir: join(paths.artifacts, 'prune'),
      oracle: createOracle(
        loaded,
        dataset,
        options.oracleCacheDir ?? join(paths.artifacts, 'oracle'),
        events,
        clock,
        notice,
        paths.batches,
        remoteBatch,
      ),
      remote: (stage) => remote.forStage(stage),
      journal,
      onCorrupt: notice,
      clock,
      events,
      ...(initial === null ? {} : { initial: initial.indices }),
      ...(imported === undefined ? {} : { imported }),
      exports: createExportSink(paths, dataset),
    }),
  );
}
