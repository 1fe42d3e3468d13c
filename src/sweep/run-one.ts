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

function createRunBody(c: RunOneContext): (item: SweepRun) => Promise<'done' | 'failed' | 'interrupted'> {
  const { clock, log, jsonl, signal } = c;
  const metric = c.sweep.spec.metric;
  return async (item) => {
    const dir = join(c.runsDir, item.id);
    const t0 = clock.monotonic();
    let runBusy = 0;
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
    const events = meteredEvents(c.meter, (ms) => {
      runBusy += ms;
    });
    log(`run ${item.id} ${resume ? 'resuming' : 'starting'}: ${paramText(item.params)} seed=${item.seed}`);
    try {
      const result = await c.run({
        loaded,
        stateDir: dir,
        resume,
        pools: c.pools,
        clock,
        events,
        featureCacheDir: c.featureCacheDir,
        liveRefresh: false,
        roundViews: false,
        shared: c.shared.campaign,
        ...(signal === undefined ? {} : { signal }),
        ...(c.interruptExitCode === undefined ? {} : { interruptExitCode: c.interruptExitCode }),
      });
      if (result.status === 'interrupted' || result.status === 'running') return 'interrupted';
      const row = rowFromSummary(item, result.summary, {
        wallS: (clock.monotonic() - t0) / 1000,
        taskS: runBusy / 1000,
        finishedAt: finishedAt(),
        pool: poolSizeOf(dir, result.summary.dataset, loaded.config.dataset.subsample),
      });
      appendRow(jsonl, row);
      const v = row.final[metric];
      const value = typeof v === 'number' ? v.toFixed(3) : '–';
      log(`run ${item.id} ${row.status}${row.status === 'done' ? `: ${metric} ${value}` : `: ${row.error ?? ''}`}`);
      return row.status;
    } catch (error) {
      if (signal?.aborted === true) return 'interrupted';
      const e = coerceError(error);
      appendRow(
        jsonl,
        rowFromSummary(item, null, {
          wallS: (clock.monotonic() - t0) / 1000,
          taskS: runBusy / 1000,
          finishedAt: finishedAt(),
          error: `${e.code}: ${e.message}`,
        }),
      );
      log(`run ${item.id} failed: ${e.message}`);
      return 'failed';
    }
  };
}
