/**
 * One run of a sweep in `runs/<id>/`: started, resumed from its checkpoint, or (finished but killed before
 * its row was written) only recorded. Its row goes to `results.jsonl`; a failure is a row, never a throw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCampaignOptions, RunCampaignResult } from '../campaign/run-campaign.js';
import type { LoadedConfig } from '../config/load-config.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { PoolSet } from '../pool/pool-set.js';
import type { BusyMeter } from '../scheduling/busy-meter.js';
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { createEventBus } from '../shared/event-bus.js';
import type { Summary } from '../state/campaign-db.js';
import { poolSizeOf } from '../state/pool-size.js';
import { statePaths } from '../state/state-files.js';
import type { SweepRun } from './expand-sweep.js';
import { configForRun, type LoadedSweep } from './load-sweep.js';
import type { SharedInputs } from './shared-inputs.js';
import { rowFromSummary } from './sweep-row-from-summary.js';
import { appendRow } from './sweep-row.js';

/** A run of the sweep started or ended, for progress views (`end` also for a run that failed or was interrupted). */
export type SweepRunEvent =
  | { readonly kind: 'start'; readonly id: string }
  | { readonly kind: 'end'; readonly id: string; readonly status: 'done' | 'failed' | 'interrupted' };

export interface RunOneContext {
  readonly sweep: LoadedSweep;
  readonly runsDir: string;
  /** `results.jsonl`. */
  readonly jsonl: string;
  readonly featureCacheDir: string;
  /** The oracle values the runs share (`RunCampaignOptions.oracleCacheDir`). */
  readonly oracleCacheDir: string;
  readonly shared: SharedInputs;
  readonly pools: PoolSet;
  /** Busy worker-time of the shared pool, fed from the runs' task attempts. */
  readonly meter: BusyMeter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly run: (options: RunCampaignOptions) => Promise<RunCampaignResult>;
  readonly signal?: AbortSignal | undefined;
  readonly interruptExitCode?: (() => number) | undefined;
  /** Told when a run starts and ends (a failing listener is the caller's business: it must not throw). */
  readonly onRun?: ((event: SweepRunEvent) => void) | undefined;
  /** How runs are carried out; default on this thread over `pools` (`createPooledLauncher`). */
  readonly launch?: RunLauncher | undefined;
}

const paramText = (p: Readonly<Record<string, unknown>>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

/** The run's own events: its worker tasks keep the shared meter, and their time is the run's task time. */
function meteredEvents(meter: BusyMeter, onTaskMs: (ms: number) => void) {
  const events = createEventBus<CampaignEventMap>();
  // An external program (a command oracle) is not a worker thread: its attempts do not count.
  const onThread = (task: string) => !task.startsWith('command:');
  events.on('attempt:start', ({ record }) => {
    if (onThread(record.task)) meter.start();
  });
  events.on('attempt:end', ({ record }) => {
    if (!onThread(record.task)) return;
    meter.end();
    onTaskMs(record.ms ?? 0);
  });
  return events;
}

export function createRunOne(c: RunOneContext): (item: SweepRun) => Promise<void> {
  const runOne = createRunBody(c);
  const tell = c.onRun ?? (() => undefined);
  return async (item) => {
    tell({ kind: 'start', id: item.id });
    let status: 'done' | 'failed' | 'interrupted' = 'interrupted';
    try {
      status = await runOne(item);
    } finally {
      tell({ kind: 'end', id: item.id, status });
    }
  };
}

/** What one run's campaign came to, for its row. */
export type RunOutcome =
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'ended'; readonly summary: Summary; readonly taskS: number; readonly pool: number | null }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly taskS: number };

/** One run to carry out: its config, its folder and whether it resumes there. */
export interface RunJob {
  readonly item: SweepRun;
  readonly loaded: LoadedConfig;
  readonly dir: string;
  readonly resume: boolean;
}

/** Carries out a run's campaign: on this thread over the shared pools, or as a campaign task. */
export type RunLauncher = (job: RunJob) => Promise<RunOutcome>;

/** The run's campaign on this thread, its engine tasks on the shared pools. */
export function createPooledLauncher(c: RunOneContext): RunLauncher {
  const { clock, signal } = c;
  return async ({ loaded, dir, resume }) => {
    let runBusy = 0;
    const events = meteredEvents(c.meter, (ms) => {
      runBusy += ms;
    });
    try {
      const result = await c.run({
        loaded,
        stateDir: dir,
        resume,
        pools: c.pools,
        clock,
        events,
        featureCacheDir: c.featureCacheDir,
        oracleCacheDir: c.oracleCacheDir,
        liveRefresh: false,
        roundViews: false,
        shared: c.shared.campaign,
        ...(signal === undefined ? {} : { signal }),
        ...(c.interruptExitCode === undefined ? {} : { interruptExitCode: c.interruptExitCode }),
      });
      if (result.status === 'interrupted' || result.status === 'running') return { kind: 'interrupted' };
      const pool = poolSizeOf(dir, result.summary.dataset, loaded.config.dataset.subsample);
      return { kind: 'ended', summary: result.summary, taskS: runBusy / 1000, pool };
    } catch (error) {
      if (signal?.aborted === true) return { kind: 'interrupted' };
      const e = coerceError(error);
      return { kind: 'error', code: e.code, message: e.message, taskS: runBusy / 1000 };
    }
  };
}

function createRunBody(c: RunOneContext): (item: SweepRun) => Promise<'done' | 'failed' | 'interrupted'> {
  const { clock, log, jsonl } = c;
  const metric = c.sweep.spec.metric;
  const launch = c.launch ?? createPooledLauncher(c);
  return async (item) => {
    const dir = join(c.runsDir, item.id);
    const t0 = clock.monotonic();
    const finishedAt = () => new Date(clock.now()).toISOString();
    let loaded: LoadedConfig;
    try {
      loaded = configForRun(c.sweep, item);
    } catch (error) {
      appendRow(
        jsonl,
        rowFromSummary(item, null, { wallS: 0, taskS: 0, finishedAt: finishedAt(), error: coerceError(error).message }),
      );
      log(`run ${item.id} failed: ${coerceError(error).message}`);
      return 'failed';
    }
    const summaryPath = statePaths(dir).summary;
    if (existsSync(summaryPath)) {
      const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
      if (s.status === 'done') {
        // Finished, but killed before its row was appended.
        const pool = poolSizeOf(dir, s.dataset, loaded.config.dataset.subsample);
        appendRow(jsonl, rowFromSummary(item, s, { wallS: 0, taskS: 0, finishedAt: finishedAt(), pool }));
        return 'done';
      }
    }
    const resume = existsSync(statePaths(dir).checkpoint);
    c.shared.prepareRun(dir);
    log(`run ${item.id} ${resume ? 'resuming' : 'starting'}: ${paramText(item.params)} seed=${item.seed}`);
    const outcome = await launch({ item, loaded, dir, resume });
    if (outcome.kind === 'interrupted') return 'interrupted';
    const wallS = (clock.monotonic() - t0) / 1000;
    if (outcome.kind === 'error') {
      const error = `${outcome.code}: ${outcome.message}`;
      appendRow(jsonl, rowFromSummary(item, null, { wallS, taskS: outcome.taskS, finishedAt: finishedAt(), error }));
      log(`run ${item.id} failed: ${outcome.message}`);
      return 'failed';
    }
    const row = rowFromSummary(item, outcome.summary, {
      wallS,
      taskS: outcome.taskS,
      finishedAt: finishedAt(),
      pool: outcome.pool,
    });
    appendRow(jsonl, row);
    const v = row.final[metric];
    const value = typeof v === 'number' ? v.toFixed(3) : '–';
    log(`run ${item.id} ${row.status}${row.status === 'done' ? `: ${metric} ${value}` : `: ${row.error ?? ''}`}`);
    return row.status;
  };
}
