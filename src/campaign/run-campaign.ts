/**
 * Runs one campaign in a state folder: builds the runtime (dataset, features, models, oracle), provides
 * the stage actors to the machine, checkpoints every transition, mirrors each round into the store and
 * summary, and resolves when the campaign is done, failed or interrupted.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import { describeIssues } from '../data/load-dataset.js';
import { campaignMachine } from '../machine/campaign-machine.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import { readCheckpoint } from '../state/checkpoint.js';
import { driveCampaign } from './drive-campaign.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { createEventBus, type EventBus } from '../shared/event-bus.js';
import { toActors } from './campaign-actors.js';
import { createCampaignStages } from './stages/campaign-stages.js';
import { createStageDeps } from './create-stage-deps.js';
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
import { createOracle } from '../oracles/create-oracle.js';
import type { PoolSet } from '../pool/pool-set.js';
import { createSupervisor } from '../pool/supervisor.js';
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
  const stages = createCampaignStages(
    createStageDeps({
      config,
      dataset,
      pools,
      supervisor: createSupervisor(clock, recorder.supervisorHooks, recorder.run),
      features: createFeatureStore(options.featureCacheDir ?? join(paths.artifacts, 'features')),
      modelsDir: join(paths.artifacts, 'models'),
      oracle: createOracle(loaded, dataset, join(paths.artifacts, 'oracle'), recorder.supervisorHooks, clock),
      clock,
      events,
      ...(initial === null ? {} : { initial: initial.indices }),
    }),
  );
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
      onNotice: (message) => log(message),
      onTiming: (timing) => events.emit('timing', timing),
      onTransition(from, to, ctx) {
        events.emit('transition', { from, to, at: clock.now(), context: ctx });
        recorder.observe(ctx, to, statusOf(to));
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
      },
      onRound(round, ctx) {
        log(formatRound(ctx, poolSize(ctx)));
        events.emit('round', { round, context: ctx });
        queue('db', async () => {
          await store.syncRound(ctx, dataset);
          store.writeSummary(
            buildSummary(ctx, lastSummaryStatus ?? 'running', loaded.sha256, datasetInfo(ctx.invalid?.length ?? 0)),
          );
        });
      },
    });
  } catch (error) {
    recorder.close();
    throw error;
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
