/**
 * Runs a sweep in a folder: the lazy space is walked in index order through a small look-ahead queue (priority
 * order, off-peak holds), at most `concurrency` campaigns at once on one shared worker pool and one shared
 * content-addressed feature cache. Each run lives in `runs/<id>/`; a finished run is appended to
 * `results.jsonl` and released. Resumable: finished ids are skipped, interrupted runs resume from their
 * checkpoint. The results files and `sweep.html` are rebuilt at the end and on interruption.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load-config.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { Summary } from '../state/campaign-db.js';
import { createPoolSet, type PoolSet } from '../pool/pool-set.js';
import { runCampaign, type RunCampaignOptions, type RunCampaignResult } from '../campaign/run-campaign.js';
import { admitLimits, machineResources, type MachineResources } from '../scheduling/admission.js';
import { decideDispatch, priorityOf } from '../scheduling/dispatch-policy.js';
import { createBusyMeter } from '../scheduling/busy-meter.js';
import { isHold } from '../scheduling/off-peak.js';
import { createPriorityQueue } from '../scheduling/priority-queue.js';
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { createEventBus } from '../shared/event-bus.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { expandSweep, type SweepRun } from './expand-sweep.js';
import { configForRun, sweepToJson, type LoadedSweep } from './load-sweep.js';
import { createSharedInputs } from './shared-inputs.js';
import { rowFromSummary } from './sweep-row-from-summary.js';
import { appendRow, readRows } from './sweep-row.js';
import type { HeldInfo, SweepResults, SweepStatusInfo, Utilisation } from './sweep-results.js';
import { RESULTS_JSONL, writeSweepResults } from './write-results.js';
import { statePaths } from '../state/state-files.js';

export interface RunSweepOptions {
  readonly sweep: LoadedSweep;
  readonly stateDir: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** A pool set to use (tests); default one created from the base config's admitted limits, closed at the end. */
  readonly pools?: PoolSet;
  readonly machine?: MachineResources;
  /** The campaign runner; default `runCampaign`. */
  readonly runCampaign?: (options: RunCampaignOptions) => Promise<RunCampaignResult>;
  readonly interruptExitCode?: () => number;
}

export interface RunSweepResult {
  readonly state: 'done' | 'interrupted';
  readonly results: SweepResults;
  readonly utilisation: Utilisation;
  /** Runs started in this process (resumed ones included), runs skipped as already finished. */
  readonly ran: number;
  readonly skipped: number;
}

interface Queued {
  readonly run: SweepRun;
  readonly queuedAt: number;
}

const paramText = (p: Readonly<Record<string, unknown>>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');

export async function runSweep(options: RunSweepOptions): Promise<RunSweepResult> {
  const { sweep, stateDir, clock, signal } = options;
  const log = options.log ?? (() => undefined);
  const run = options.runCampaign ?? runCampaign;
  const spec = sweep.spec;
  const runsDir = join(stateDir, 'runs');
  const featureCacheDir = join(stateDir, 'cache', 'features');
  mkdirSync(runsDir, { recursive: true });
  mkdirSync(featureCacheDir, { recursive: true });
  const sweepJson = join(stateDir, 'sweep.json');
  if (existsSync(sweepJson)) {
    const before = (JSON.parse(readFileSync(sweepJson, 'utf8')) as { sha256?: string }).sha256;
    if (before !== sweep.sha256)
      log('sweep: the sweep file changed since the last run; runs are matched by id (parameters + seed)');
  }
  writeFileAtomic(sweepJson, `${JSON.stringify(sweepToJson(sweep), null, 2)}\n`);

  // Admission of the base profile against the machine: refuse (naming the field) or downsize.
  const first = configForRun(sweep, { params: {}, seed: sweep.space.seeds[0] ?? 0 });
  const machine = options.machine ?? machineResources();
  const admitted = admitLimits(first.config.limits, spec.workers ?? first.config.workers, machine, {
    downsize: spec.scheduling.downsize,
  });
  const notes = [...admitted.notes];
  for (const n of notes) log(`sweep: ${n}`);

  const finished = new Set<string>();
  const jsonl = join(stateDir, RESULTS_JSONL);
  for (const row of readRows(jsonl)) finished.add(row.id);

  const ownPools = options.pools === undefined;
  const pools =
    options.pools ??
    createPoolSet(admitted.limits, admitted.workers ?? Math.min(machine.cpus, spec.workers ?? machine.cpus));
  const threads = pools.threads;
  const builtin = 'builtin' in first.config.dataset ? first.config.dataset.builtin : null;
  const shared = await createSharedInputs(stateDir, builtin);

  const paramKeys = sweep.space.dimensions.flatMap((d) => d.keys);
  const held = new Map<string, HeldInfo>();
  const meter = createBusyMeter(threads, clock);
  const startedWall = clock.monotonic();
  const utilisation = (): Utilisation => {
    const wall = (clock.monotonic() - startedWall) / 1000;
    const available = wall * threads;
    return {
      threads,
      wall_s: wall,
      busy_worker_s: meter.busyMs() / 1000,
      available_worker_s: available,
      ratio: available > 0 ? Math.min(1, meter.busyMs() / 1000 / available) : null,
    };
  };
  const statusInfo = (state: SweepStatusInfo['state']): SweepStatusInfo => ({
    name: sweep.name,
    metric: spec.metric,
    goal: spec.goal,
    total: sweep.space.total,
    state,
    utilisation: utilisation(),
    held: [...held.values()],
    plots: spec.plots,
    paramKeys,
    notes,
  });

  const runOne = async (item: SweepRun): Promise<void> => {
    const dir = join(runsDir, item.id);
    const t0 = clock.monotonic();
    let runBusy = 0;
    const finishedAt = () => new Date(clock.now()).toISOString();
    let loaded: LoadedConfig;
    try {
      loaded = configForRun(sweep, item);
    } catch (error) {
      appendRow(
        jsonl,
        rowFromSummary(item, null, { wallS: 0, taskS: 0, finishedAt: finishedAt(), error: coerceError(error).message }),
      );
      log(`run ${item.id} failed: ${coerceError(error).message}`);
      return;
    }
    const summaryPath = statePaths(dir).summary;
    if (existsSync(summaryPath)) {
      const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
      if (s.status === 'done') {
        // Finished, but killed before its row was appended.
        appendRow(jsonl, rowFromSummary(item, s, { wallS: 0, taskS: 0, finishedAt: finishedAt() }));
        return;
      }
    }
    const resume = existsSync(statePaths(dir).checkpoint);
    shared.prepareRun(dir);
    const events = createEventBus<CampaignEventMap>();
    // An external program (a command oracle) is not a worker thread: its attempts do not count.
    const onThread = (task: string) => !task.startsWith('command:');
    events.on('attempt:start', ({ record }) => {
      if (onThread(record.task)) meter.start();
    });
    events.on('attempt:end', ({ record }) => {
      if (!onThread(record.task)) return;
      meter.end();
      runBusy += record.ms ?? 0;
    });
    log(`run ${item.id} ${resume ? 'resuming' : 'starting'}: ${paramText(item.params)} seed=${item.seed}`);
    try {
      const result = await run({
        loaded,
        stateDir: dir,
        resume,
        pools,
        clock,
        events,
        featureCacheDir,
        liveRefresh: false,
        ...(signal === undefined ? {} : { signal }),
        ...(options.interruptExitCode === undefined ? {} : { interruptExitCode: options.interruptExitCode }),
      });
      if (result.status === 'interrupted' || result.status === 'running') return;
      const row = rowFromSummary(item, result.summary, {
        wallS: (clock.monotonic() - t0) / 1000,
        taskS: runBusy / 1000,
        finishedAt: finishedAt(),
      });
      appendRow(jsonl, row);
      const v = row.final[spec.metric];
      log(
        `run ${item.id} ${row.status}${row.status === 'done' ? `: ${spec.metric} ${typeof v === 'number' ? v.toFixed(3) : '–'}` : `: ${row.error ?? ''}`}`,
      );
    } catch (error) {
      if (signal?.aborted === true) return;
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
    }
  };

  const lookahead = Math.max(16, spec.concurrency * 4);
  const gen = expandSweep(sweep.space);
  let exhausted = false;
  let buffer: Queued[] = [];
  const inflight = new Set<Promise<void>>();
  let ran = 0;
  let skipped = 0;
  const refill = () => {
    while (!exhausted && buffer.length < lookahead) {
      const next = gen.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      if (finished.has(next.value.id)) {
        skipped += 1;
        continue;
      }
      buffer.push({ run: next.value, queuedAt: clock.now() });
    }
  };
  if (skipped > 0 || finished.size > 0) log(`sweep: ${finished.size} runs already finished are skipped`);
  try {
    for (;;) {
      if (signal?.aborted === true) break;
      refill();
      if (buffer.length === 0 && inflight.size === 0) break;
      // Priority order among the runnable; held ones stay queued with their reason shown.
      const now = clock.now();
      const queue = createPriorityQueue<Queued>();
      let earliest = Number.POSITIVE_INFINITY;
      for (const q of buffer) {
        const d = decideDispatch(q.run.params, q.queuedAt, now, spec.scheduling);
        if (isHold(d)) {
          earliest = Math.min(earliest, d.until);
          if (!held.has(q.run.id)) {
            log(`run ${q.run.id} held: ${d.reason}`);
            held.set(q.run.id, {
              id: q.run.id,
              params: q.run.params,
              seed: q.run.seed,
              until: new Date(d.until).toISOString(),
              reason: d.reason,
            });
          }
        } else {
          held.delete(q.run.id);
          queue.push(q, priorityOf(q.run.params, spec.scheduling));
        }
      }
      let started = false;
      while (inflight.size < spec.concurrency && queue.size > 0) {
        const q = queue.pop() as Queued;
        buffer = buffer.filter((b) => b !== q);
        ran += 1;
        const p: Promise<void> = runOne(q.run).finally(() => inflight.delete(p));
        inflight.add(p);
        started = true;
      }
      if (started) continue;
      if (inflight.size === 0 && Number.isFinite(earliest)) {
        writeSweepResults(stateDir, statusInfo('holding'));
        log(`sweep: ${held.size} run(s) held; waiting until ${new Date(earliest).toISOString()}`);
        await clock.sleep(earliest - now, signal);
        continue;
      }
      const waits: Promise<unknown>[] = [...inflight];
      const stopTimer = new AbortController();
      const timerSignal = signal === undefined ? stopTimer.signal : AbortSignal.any([signal, stopTimer.signal]);
      if (Number.isFinite(earliest)) waits.push(clock.sleep(earliest - now, timerSignal));
      await Promise.race(waits);
      stopTimer.abort();
    }
    await Promise.allSettled([...inflight]);
  } finally {
    await Promise.allSettled([...inflight]);
    if (ownPools) await pools.close();
  }
  const state = signal?.aborted === true ? 'interrupted' : 'done';
  const results = writeSweepResults(stateDir, statusInfo(state));
  return { state, results, utilisation: utilisation(), ran, skipped };
}
