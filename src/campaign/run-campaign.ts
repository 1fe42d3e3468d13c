/**
 * Runs one campaign in a state folder: builds the runtime (dataset, features, models, oracle), provides
 * the stage actors to the machine, checkpoints every transition, mirrors each round into the store and
 * summary, and resolves when the campaign is done, failed or interrupted.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { Dataset } from '../data/load-dataset.js';
import { describeIssues } from '../data/load-dataset.js';
import { campaignMachine } from '../machine/campaign-machine.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import { readCheckpoint } from '../state/checkpoint.js';
import { driveCampaign } from './drive-campaign.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { createEventBus, type EventBus } from '../shared/event-bus.js';
import { createCampaignStages, toActors } from './campaign-actors.js';
import { headlineMetric } from '../strategies/objective.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import {
  buildSummary,
  openCampaignStore,
  type CampaignStatus,
  type DatasetInfo,
  type Summary,
} from '../state/campaign-db.js';
import { createFeatureStore } from '../state/feature-cache.js';
import { createModelStore } from '../state/model-cache.js';
import {
  createDesirabilityOracle,
  createLookupOracle,
  withInjectedOracleFailures,
  type Oracle,
} from '../oracles/oracles.js';
import type { PoolSet } from '../pool/pool-set.js';
import { createSupervisor, type AttemptEvents, type AttemptRecord } from '../pool/supervisor.js';
import { commandSpecFromConfig, createCommandOracle } from '../oracles/command/command-oracle.js';
import { createCampaignRecorder } from '../records/campaign-recorder.js';
import { loadInitialMolecules } from '../data/initial-molecules.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import { statePaths } from '../state/state-files.js';

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
  /** Where content-addressed features are cached; default `<stateDir>/artifacts/features`. */
  readonly featureCacheDir?: string;
}

export interface RunCampaignResult {
  readonly status: CampaignStatus;
  readonly summary: Summary;
  readonly context: CampaignContext;
}

export function createOracle(
  loaded: LoadedConfig,
  dataset: Dataset,
  cacheDir: string,
  events?: AttemptEvents,
  clock?: Clock,
): Oracle {
  const { oracle, inject, seed, limits } = loaded.config;
  const base = ((): Oracle => {
    switch (oracle.kind) {
      case 'lookup':
        return createLookupOracle(dataset);
      case 'desirability':
        return createDesirabilityOracle(dataset.smiles, cacheDir);
      case 'command': {
        // Each program run is a task attempt of the 'oracle' stage in the audit trail.
        let generation = 0;
        let n = 0;
        const createdAt = clock?.now() ?? Date.now();
        const command = createCommandOracle(commandSpecFromConfig(oracle), dataset, {
          retries: limits.oracle.retries,
          ...(clock === undefined ? {} : { clock }),
          onAttempt(a) {
            const end = clock?.now() ?? Date.now();
            const record: AttemptRecord = {
              id: `${createdAt}-${process.pid}/oracle/command-${++n}`,
              stage: 'oracle',
              kind: 'oracle',
              generation,
              task: `command:${a.indices[0] ?? 0}+${a.indices.length}`,
              attempt: a.attempt,
              params: { items: a.indices.length, first: a.indices[0] ?? 0, timeout_ms: oracle.timeout_s * 1000 },
              startedAt: end - a.ms,
            };
            events?.emit('attempt:start', { record });
            events?.emit('attempt:end', {
              record: {
                ...record,
                endedAt: end,
                ms: a.ms,
                class: a.class,
                code: a.class === 'ok' ? null : 'ORACLE_FAILED',
                message: a.class === 'ok' ? null : a.message,
                heapUsed: null,
              },
            });
          },
        });
        return {
          kind: 'command',
          label(indices, exec) {
            generation = exec.generation;
            return command.label(indices, exec.signal ? { signal: exec.signal } : {});
          },
          truth: () => Promise.resolve(null),
        };
      }
    }
  })();
  return withInjectedOracleFailures(base, inject.oracle_failure_rate, seed);
}

export function formatRound(ctx: CampaignContext, poolSize: number): string {
  const last = ctx.history[ctx.history.length - 1];
  if (last === undefined) return '';
  const shown = ['topk_scores', 'topk_smiles', 'r2', 'rmse', 'roc_auc', 'pr_auc'];
  const parts = shown
    .filter((m) => last.metrics[m] !== undefined && last.metrics[m] !== null)
    .map((m) => `${m} ${(last.metrics[m] as number).toFixed(3)}`);
  const secs = Object.values(last.seconds).reduce((a, b) => a + b, 0);
  return `generation ${last.generation}  labeled ${last.labeled}/${poolSize}  ${parts.join('  ')}  (${secs.toFixed(1)} s)`;
}

export async function runCampaign(options: RunCampaignOptions): Promise<RunCampaignResult> {
  const { loaded, stateDir, pools, clock } = options;
  const { config } = loaded;
  const log = options.log ?? (() => undefined);
  const events = options.events ?? createEventBus<CampaignEventMap>();
  const paths = statePaths(stateDir);
  mkdirSync(paths.artifacts, { recursive: true });

  const envelope = options.resume ? readCheckpoint(paths.checkpoint, loaded.sha256) : null;
  if (!options.resume && existsSync(paths.checkpoint)) {
    throw new AlcoveError('STATE_EXISTS', `${stateDir} already holds a campaign`);
  }

  // Worker threads boot (and load RDKit) while the dataset loads, not when the first task is posted.
  pools.prepare([
    'featurize',
    'train',
    'explore',
    ...(config.campaign.test_fraction > 0 ? (['evaluate'] as const) : []),
    ...(config.oracle.kind === 'desirability' ? (['oracle'] as const) : []),
  ]);
  const dataset = await prepareDataset(config, paths.artifacts);
  for (const line of describeIssues(dataset)) log(`data: ${line}`);
  const from = config.campaign.initial_from;
  const initial = from === null ? null : await loadInitialMolecules(from.file, from.column, dataset.smiles);
  if (initial !== null) {
    const skipped = initial.missing.length;
    log(
      `initial batch: ${initial.indices.length} molecules from ${initial.path}` +
        (skipped > 0
          ? `; ${skipped} not in the pool were skipped (first: '${initial.missing.slice(0, 3).join("', '")}')`
          : '') +
        (initial.repeats > 0 ? `; ${initial.repeats} repeats counted once` : ''),
    );
  }
  const store = await openCampaignStore(stateDir);
  const datasetInfo = (invalid: number): DatasetInfo => ({
    path: dataset.path,
    sha256: dataset.sha256,
    rows: dataset.rowsRead,
    invalid,
  });
  await store.recordCampaign({
    name: config.name,
    config_sha256: loaded.sha256,
    seed: config.seed,
    created_at: new Date(clock.now()).toISOString(),
    dataset: datasetInfo(0),
  });

  const recorder = createCampaignRecorder({
    stateDir,
    loaded,
    dataset,
    clock,
    events,
    resume: options.resume,
    log,
    ...(options.liveRefresh === undefined ? {} : { liveRefresh: options.liveRefresh }),
  });
  const stages = createCampaignStages({
    config,
    dataset,
    pools,
    supervisor: createSupervisor(clock, events, recorder.run),
    features: createFeatureStore(options.featureCacheDir ?? join(paths.artifacts, 'features')),
    models: createModelStore(join(paths.artifacts, 'models')),
    oracle: createOracle(loaded, dataset, join(paths.artifacts, 'oracle'), events, clock),
    clock,
    events,
    ...(initial === null ? {} : { initial: initial.indices }),
  });
  const plan: CampaignPlan = {
    generations: config.campaign.generations,
    patience: config.campaign.patience,
    minDelta: config.campaign.min_delta,
    maxFailureRate: config.failures.max_rate,
    headline: headlineMetric(config),
  };
  const machine = campaignMachine.provide({ actors: toActors(stages) });

  let reportedInvalid = false;
  let lastSummaryStatus: CampaignStatus | null = null;
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  // db.json and summary.json are views of the checkpointed context: they are rewritten off the
  // transition, behind a setImmediate, i.e. once the next stage has handed its work to the pool.
  const queue = (what: string, fn: () => Promise<void>) => {
    writes = writes
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        const t0 = clock.monotonic();
        const pending = fn();
        // The synchronous part (building and serialising); lowdb's file write itself is asynchronous.
        events.emit('views', { what, ms: clock.monotonic() - t0 });
        await pending;
      })
      .catch((error: unknown) => {
        writeError ??= error;
      });
  };
  const statusOf = (value: string): CampaignStatus =>
    value === 'done' ? 'done' : value === 'failed' ? 'failed' : 'running';
  // The molecules a campaign can acquire: the pool less invalid ones and the held-out set.
  const poolSize = (ctx: CampaignContext) => dataset.smiles.length - (ctx.invalid?.length ?? 0) - ctx.test.length;

  // The run's own listeners (the recorder subscribed when it was created): progress lines and the views.
  const offs = [
    events.on('notice', ({ message }) => log(message)),
    events.on('run:start', ({ state, context }) => {
      if (state === 'done') log('the campaign in this state folder is already done');
      else if (state === 'failed') log(`retrying the failed ${context.error?.stage ?? ''} stage`);
    }),
    events.on('machine:transition', ({ to, context: ctx }) => {
      if (!reportedInvalid && ctx.invalid !== null) {
        reportedInvalid = true;
        if (ctx.invalid.length > 0) {
          const examples = ctx.invalid
            .slice(0, 3)
            .map((i) => `${dataset.ids[i] ?? i}: '${dataset.smiles[i] ?? ''}'`)
            .join(', ');
          log(
            `data: ${ctx.invalid.length} molecules could not be featurized (invalid SMILES or rejected as bad input) and were skipped (${examples})`,
          );
        }
      }
      // summary.json changes only with a round or the status: rewrite it then, not on every transition.
      const st = statusOf(to);
      if (st !== lastSummaryStatus) {
        lastSummaryStatus = st;
        queue('summary', async () => {
          if (st !== 'running') await store.syncRound(ctx, dataset);
          store.writeSummary(buildSummary(ctx, st, loaded.sha256, datasetInfo(ctx.invalid?.length ?? 0)));
        });
      }
    }),
    events.on('round:end', ({ context: ctx }) => {
      log(formatRound(ctx, poolSize(ctx)));
      queue('db', async () => {
        await store.syncRound(ctx, dataset);
        store.writeSummary(
          buildSummary(ctx, lastSummaryStatus ?? 'running', loaded.sha256, datasetInfo(ctx.invalid?.length ?? 0)),
        );
      });
    }),
  ];
  let drive: Awaited<ReturnType<typeof driveCampaign>>;
  try {
    drive = await driveCampaign({
      machine,
      plan,
      ...(envelope ? { snapshot: envelope.snapshot } : {}),
      checkpointPath: paths.checkpoint,
      configHash: loaded.sha256,
      clock,
      ...(options.signal ? { signal: options.signal } : {}),
      events,
    });
  } catch (error) {
    recorder.close();
    throw error;
  } finally {
    for (const off of offs) off();
  }
  const { status, context, state } = drive;

  if (status === 'interrupted') {
    queue('summary', async () => {
      store.writeSummary(
        buildSummary(context, 'interrupted', loaded.sha256, datasetInfo(context.invalid?.length ?? 0)),
      );
    });
  }
  queue('db', async () => store.syncRound(context, dataset));
  await writes;
  const summary = buildSummary(context, status, loaded.sha256, datasetInfo(context.invalid?.length ?? 0));
  const exitCode = status === 'done' ? 0 : status === 'interrupted' ? (options.interruptExitCode?.() ?? 130) : 1;
  await recorder.finish(context, state, status, exitCode, summary.dataset);
  if (writeError !== null) throw writeError;
  return { status, summary, context };
}
