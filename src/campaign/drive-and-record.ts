/**
 * Drives a campaign's machine to its end and records it: each transition and round goes to the log,
 * the events, the recorder and the views (db.json, summary.json), and the run's end to the audit trail.
 */
import type { LoadedConfig } from '../config/load-config.js';
import type { Dataset } from '../data/load-dataset.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { CampaignMachine } from '../machine/campaign-machine.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import type { CampaignRecorder } from '../records/campaign-recorder.js';
import type { WarnOnce } from '../records/warn-once.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import {
  buildSummary,
  type CampaignStatus,
  type CampaignStore,
  type DatasetInfo,
  type Summary,
} from '../state/campaign-db.js';
import type { CheckpointEnvelope } from '../state/checkpoint.js';
import { writeExplored } from '../state/exports.js';
import type { StatePaths } from '../state/state-files.js';
import { driveCampaign, type DriveResult } from './drive-campaign.js';
import { formatRound } from './format-round.js';
import { createViewQueue, type ViewQueue } from './view-queue.js';

/** The exit code of a campaign waiting for a laboratory's results (README's table). */
export const WAITING_EXIT_CODE = 3;

export interface RunCampaignResult {
  readonly status: CampaignStatus;
  readonly summary: Summary;
  readonly context: CampaignContext;
}

/** What driving a campaign and recording it needs (the names its observers use). */
export interface DriveRun {
  /** Aborting it interrupts the run; the exit code an interrupted run will end with (130 SIGINT, 143 SIGTERM). */
  readonly options: {
    readonly signal?: AbortSignal;
    readonly interruptExitCode?: () => number;
    /** Views rewritten at every round and status change (default), or only at the end (`RunCampaignOptions`). */
    readonly roundViews?: boolean;
  };
  readonly loaded: LoadedConfig;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly events: EventBus<CampaignEventMap>;
  readonly paths: StatePaths;
  readonly envelope: CheckpointEnvelope | null;
  readonly dataset: Dataset;
  readonly datasetInfo: (invalid: number) => DatasetInfo;
  readonly store: CampaignStore;
  readonly recorder: CampaignRecorder;
  readonly machine: CampaignMachine;
  readonly plan: CampaignPlan;
  /** The views this run could not write, warned about once each and listed in summary.json. */
  readonly warnOnce: WarnOnce;
  /** Aborted (its reason a `WRITE_FAILED`) when the audit trail cannot be written: the run stops there. */
  readonly stop: AbortSignal;
}

/** Drives the machine to its end, mirroring transitions and rounds into the log, store and summary. */
export async function driveAndRecord(run: DriveRun): Promise<RunCampaignResult> {
  const { options, loaded, clock, log, events, paths, envelope, dataset, datasetInfo, store, recorder } = run;
  const { machine, plan, warnOnce } = run;
  let reportedInvalid = false;
  let lastSummaryStatus: CampaignStatus | null = null;
  const views = createViewQueue(clock, events, warnOnce);
  const summaryOf = (ctx: CampaignContext, st: CampaignStatus) =>
    buildSummary(ctx, st, loaded.sha256, datasetInfo(ctx.invalid?.length ?? 0), warnOnce.messages);
  // Without round views, only the end of the run (finishRun) writes them.
  const queue: ViewQueue['queue'] = options.roundViews === false ? () => undefined : views.queue;
  const statusOf = (value: string): CampaignStatus =>
    value === 'done' ? 'done' : value === 'failed' ? 'failed' : value === 'waiting' ? 'waiting' : 'running';
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
        if (ctx.invalid.length > 0) log(invalidLine(dataset, ctx.invalid));
      }
      // summary.json changes only with a round or the status: rewrite it then, not on every transition.
      const st = statusOf(to);
      if (st !== lastSummaryStatus) {
        lastSummaryStatus = st;
        if (st !== 'running') queue('db.json', () => store.syncRound(ctx, dataset));
        queue('summary.json', () => store.writeSummary(summaryOf(ctx, st)));
      }
    }),
    events.on('round:end', ({ context: ctx }) => {
      log(formatRound(ctx, poolSize(ctx), loaded.config));
      queue('db.json', () => store.syncRound(ctx, dataset));
      queue('explored.csv', () => writeExplored(paths, ctx, dataset));
      queue('summary.json', () => store.writeSummary(summaryOf(ctx, lastSummaryStatus ?? 'running')));
    }),
  ];
  let drive: DriveResult;
  try {
    drive = await driveCampaign({
      machine,
      plan,
      ...(envelope ? { snapshot: envelope.snapshot } : {}),
      checkpointPath: paths.checkpoint,
      configHash: loaded.sha256,
      datasetSha256: dataset.sha256,
      clock,
      ...(options.signal ? { signal: options.signal } : {}),
      stop: run.stop,
      events,
    });
  } catch (error) {
    recorder.close();
    throw error;
  } finally {
    for (const off of offs) off();
  }
  return finishRun(run, views, drive);
}

function invalidLine(dataset: Dataset, invalid: readonly number[]): string {
  const examples = invalid
    .slice(0, 3)
    .map((i) => `${dataset.ids.at(i) ?? i}: '${dataset.smiles.at(i) ?? ''}'`)
    .join(', ');
  return (
    `data: ${invalid.length} molecules could not be featurized (invalid SMILES or rejected as bad input) ` +
    `and were skipped (${examples})`
  );
}

/** The final views and the audit trail's end, after the machine stopped. */
async function finishRun(run: DriveRun, views: ViewQueue, drive: DriveResult): Promise<RunCampaignResult> {
  const { options, loaded, dataset, datasetInfo, store, recorder, warnOnce } = run;
  const { status, context, state } = drive;
  const summaryOf = () =>
    buildSummary(context, status, loaded.sha256, datasetInfo(context.invalid?.length ?? 0), warnOnce.messages);
  views.queue('db.json', () => store.syncRound(context, dataset));
  views.queue('explored.csv', () => writeExplored(run.paths, context, dataset));
  await views.drain();
  const exitCode =
    status === 'done'
      ? 0
      : status === 'interrupted'
        ? (options.interruptExitCode?.() ?? 130)
        : status === 'waiting'
          ? WAITING_EXIT_CODE
          : 1;
  // summary.json last among the views, so that it lists every view that failed (status page, report).
  const afterViews = () => {
    try {
      store.writeSummary(summaryOf());
    } catch (error) {
      warnOnce('summary.json', error);
    }
  };
  await recorder.finish({ context, state, status, exitCode, dataset: summaryOf().dataset }, afterViews);
  return { status, summary: summaryOf(), context };
}
