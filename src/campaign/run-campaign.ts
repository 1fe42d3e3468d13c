/**
 * Runs one campaign in a state folder: builds the runtime (dataset, features, models, oracle), provides
 * the stage actors to the machine, checkpoints every transition, mirrors each round into the store and
 * summary, and resolves when the campaign is done, failed or interrupted.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { resolveCallBudget } from '../config/batch-schedule.js';
import type { CampaignConfig } from '../config/campaign-schema.js';
import type { LoadedConfig } from '../config/load-config.js';
import { describeIssues, type Dataset } from '../data/load-dataset.js';
import { loadInitialMolecules, type InitialMolecules } from '../data/initial-molecules.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { campaignMachine } from '../machine/campaign-machine.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import { openOracleJournal } from '../oracles/oracle-journal.js';
import { applyTell } from './apply-tell.js';
import type { PoolSet } from '../pool/pool-set.js';
import { createCampaignRecorder } from '../records/campaign-recorder.js';
import { createWarnOnce, type WarnOnce } from '../records/warn-once.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { createEventBus, type EventBus } from '../shared/event-bus.js';
import { openCampaignStore, type CampaignStore, type DatasetInfo } from '../state/campaign-db.js';
import { checkDatasetUnchanged, readCheckpoint, type CheckpointEnvelope } from '../state/checkpoint.js';
import { statePaths, type StatePaths } from '../state/state-files.js';
import { headlineMetric } from '../strategies/objective.js';
import { toActors } from './campaign-actors.js';
import { checkBullmqExecutors } from '../bullmq/check-executors.js';
import { buildStages, remoteParts } from './campaign-runtime.js';
import { driveAndRecord, type RunCampaignResult } from './drive-and-record.js';
import type { StringColumn } from '../shared/smiles-store.js';

import type { CampaignShared } from './campaign-shared.js';

export type { RunCampaignResult } from './drive-and-record.js';

export interface RunCampaignOptions {
  readonly loaded: LoadedConfig;
  readonly stateDir: string;
  readonly resume: boolean;
  readonly pools: PoolSet;
  readonly clock: Clock;
  /** Aborting it interrupts the campaign: the in-flight stage is cancelled, the checkpoint stays. */
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly events?: EventBus<CampaignEventMap>;
  /** The exit code an interrupted run will end with (130 SIGINT, 143 SIGTERM), for the audit trail. */
  readonly interruptExitCode?: () => number;
  /** Refresh status.html every few seconds during long stages (default on). */
  readonly liveRefresh?: boolean;
  /**
   * Rewrite the views (db.json, summary.json, explored.csv) at every round and status change (default on),
   * for whoever watches the folder while the run goes. Off, they are written once, at the run's end: a
   * sweep's small campaigns are read through the sweep's own pages, and the views are rebuilt from the
   * checkpoint by a resume in any case.
   */
  readonly roundViews?: boolean;
  /** Where content-addressed features are cached; default `<stateDir>/artifacts/features`. */
  readonly featureCacheDir?: string;
  /**
   * Where a computed oracle keeps its whole-pool values (the desirability truth), content-addressed by the
   * pool's SMILES; default `<stateDir>/artifacts/oracle`. A sweep shares one among its runs.
   */
  readonly oracleCacheDir?: string;
  /**
   * Called once the config and the dataset are valid, before anything is written into the state folder
   * (the CLI takes the folder's lock there, and moves an old campaign aside for --fresh), so that bad
   * input leaves no state folder behind. A built-in library is enumerated into the folder: it is
   * claimed before that.
   */
  readonly claimStateFolder?: () => void;
  /** `--tell FILE`: a laboratory's results for the batch the campaign waits on, applied before it goes on. */
  readonly tell?: string;
  /** What the campaigns of one process share (a sweep's runs): loaded datasets, molecule drawings. */
  readonly shared?: CampaignShared;
}

/** A new campaign needs an empty state folder; a resumed one reads its checkpoint. */
function openStateFolder(options: RunCampaignOptions, paths: StatePaths): CheckpointEnvelope | null {
  mkdirSync(paths.artifacts, { recursive: true });
  const envelope = options.resume ? readCheckpoint(paths.checkpoint, options.loaded.sha256) : null;
  if (!options.resume && existsSync(paths.checkpoint)) {
    throw new AlcoveError('STATE_EXISTS', `${options.stateDir} already holds a campaign`);
  }
  return envelope;
}

/** The log line of a first batch from a file: how many, and what was skipped (by row). */
function describeInitial(initial: InitialMolecules): string {
  const skipped = initial.missing.length;
  const rows = initial.missingRows.slice(0, 3).map((row, j) => `row ${row}: '${initial.missing[j] ?? ''}'`);
  return (
    `initial batch: ${initial.indices.length} molecules from ${initial.path}` +
    (initial.scores ? ' with their scores (no oracle call)' : '') +
    (skipped > 0 ? `; ${skipped} not in the pool were skipped (${rows.join(', ')})` : '') +
    (initial.repeats > 0 ? `; ${initial.repeats} repeats counted once` : '')
  );
}

/** The dataset and the named first batch (`campaign.initial_from`), while the worker threads boot. */
async function loadInputs(options: RunCampaignOptions, paths: StatePaths, log: (line: string) => void) {
  const {
    pools,
    loaded: { config },
  } = options;
  // Worker threads boot (and load RDKit) while the dataset loads, not when the first task is posted.
  pools.prepare([
    'featurize',
    'train',
    'explore',
    ...(config.campaign.test_fraction > 0 ? (['evaluate'] as const) : []),
    ...(config.oracle.kind === 'desirability' ? (['oracle'] as const) : []),
  ]);
  const dataset = await prepareDataset(config, paths.artifacts, options.shared?.datasets);
  for (const line of describeIssues(dataset)) log(`data: ${line}`);
  const from = config.campaign.initial_from;
  const initial =
    from === null ? null : await loadInitialMolecules(from.file, from.column, dataset.smiles, from.score_column);
  if (initial !== null) log(describeInitial(initial));
  return { dataset, initial };
}

/**
 * Opens db.json: a corrupt one is rebuilt from the checkpoint; one that cannot be written is a warning
 * (a view: the checkpoint and the audit trail hold what it shows).
 */
async function openStore(
  options: RunCampaignOptions,
  envelope: CheckpointEnvelope | null,
  dataset: Dataset,
  info: DatasetInfo,
  warnOnce: WarnOnce,
): Promise<CampaignStore> {
  const { loaded, clock } = options;
  const store = await openCampaignStore(options.stateDir);
  try {
    if (store.rebuilt !== null) {
      options.log?.(`warning: ${store.rebuilt}`);
      if (envelope !== null) await store.syncRound(envelope.snapshot.context as unknown as CampaignContext, dataset);
    }
    await store.recordCampaign({
      name: loaded.config.name,
      config_sha256: loaded.sha256,
      seed: loaded.config.seed,
      created_at: new Date(clock.now()).toISOString(),
      dataset: info,
    });
  } catch (error) {
    warnOnce('db.json', error);
  }
  return store;
}

/** The machine's plan; the later keys only when set, so that an older campaign's plan is as it was. */
export function planOf(config: CampaignConfig, molecules: number): CampaignPlan {
  const callBudget = resolveCallBudget(config.campaign, molecules);
  const { convergence } = config.campaign;
  return {
    generations: config.campaign.generations,
    patience: config.campaign.patience,
    minDelta: config.campaign.min_delta,
    maxFailureRate: config.failures.max_rate,
    headline: headlineMetric(config),
    ...(callBudget === null ? {} : { callBudget }),
    ...(convergence === null ? {} : { convergence }),
    ...(config.objective === 'minimize' ? { objective: 'minimize' as const } : {}),
  };
}

/** The oracle journal, with the results of `--tell` in it when given (checked whole first). */
async function openJournal(
  options: RunCampaignOptions,
  paths: StatePaths,
  envelope: CheckpointEnvelope | null,
  ids: StringColumn,
  log: (line: string) => void,
) {
  if (envelope === null && existsSync(paths.journal)) {
    // Every journaled result comes after the first checkpoint: without one, the journal is another campaign's.
    const aside = `${paths.journal}.old-${options.clock.now()}`;
    renameSync(paths.journal, aside);
    log(`warning: ${paths.journal} belongs to no checkpoint; moved aside to ${aside}`);
  }
  const journal = openOracleJournal(paths.journal, ids, log);
  if (options.tell === undefined) return journal;
  const { stateDir, loaded, clock } = options;
  try {
    await applyTell({ file: options.tell, stateDir, envelope, config: loaded.config, ids, journal, clock, log });
  } catch (error) {
    journal.close();
    throw error;
  }
  return journal;
}

/** What summary.json and db.json say of the dataset, given how many of its rows are invalid. */
function datasetInfoOf(dataset: Dataset): (invalid: number) => DatasetInfo {
  const files = dataset.files.length > 1 ? { files: dataset.files } : {};
  return (invalid) => ({ path: dataset.path, sha256: dataset.sha256, rows: dataset.rowsRead, invalid, ...files });
}

export async function runCampaign(options: RunCampaignOptions): Promise<RunCampaignResult> {
  const { loaded, stateDir, clock } = options;
  const { config } = loaded;
  const log = options.log ?? (() => undefined);
  const events = options.events ?? createEventBus<CampaignEventMap>();
  const paths = statePaths(stateDir);
  // First: a missing sbatch is a config error before the state folder is claimed.
  const { remote, remoteBatch } = remoteParts(config.executor, stateDir, clock, log);
  const builtin = 'builtin' in config.dataset;
  // An unreachable Redis is bad config (exit 2), found before anything is claimed or computed.
  await checkBullmqExecutors(config.executor, clock);
  if (builtin) options.claimStateFolder?.();
  const { dataset, initial } = await loadInputs(options, paths, log);
  if (!builtin) options.claimStateFolder?.();
  const envelope = openStateFolder(options, paths);
  if (envelope !== null) checkDatasetUnchanged(envelope, dataset.path, dataset.sha256);
  const journal = await openJournal(options, paths, envelope, dataset.ids, log);
  const datasetInfo = datasetInfoOf(dataset);
  const warnOnce = createWarnOnce(log);
  const store = await openStore(options, envelope, dataset, datasetInfo(0), warnOnce);

  // A line the audit trail cannot take stops the run (run-audit.ts), like a checkpoint the disk refuses.
  const stop = new AbortController();
  const recorder = createCampaignRecorder({
    warnOnce,
    onWriteFailed: (error) => stop.abort(error),
    stateDir,
    loaded,
    dataset,
    clock,
    events,
    resume: options.resume,
    log,
    ...(options.liveRefresh === undefined ? {} : { liveRefresh: options.liveRefresh }),
    ...(options.shared?.drawer === undefined ? {} : { drawer: options.shared.drawer }),
    ...(options.shared?.digests === undefined ? {} : { digests: options.shared.digests }),
  });
  const stages = buildStages({ options, paths, dataset, events, recorder, journal, initial, remoteBatch, remote });
  const machine = campaignMachine.provide({ actors: toActors(stages) });
  const plan = planOf(config, dataset.smiles.length);
  try {
    return await driveAndRecord({
      options,
      loaded,
      clock,
      log,
      events,
      paths,
      envelope,
      dataset,
      datasetInfo,
      store,
      recorder,
      machine,
      plan,
      warnOnce,
      stop: stop.signal,
    });
  } finally {
    journal.close();
    await remote.close(options.signal?.aborted === true);
  }
}
