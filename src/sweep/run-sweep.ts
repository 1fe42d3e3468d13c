/**
 * Runs a sweep in a folder: the lazy space is walked in index order through a small look-ahead queue (priority
 * order, off-peak holds), at most `concurrency` campaigns at once on one shared worker pool and one shared
 * content-addressed feature cache. Each run lives in `runs/<id>/`; a finished run is appended to
 * `results.jsonl` and released. Resumable: finished ids are skipped, interrupted runs resume from their
 * checkpoint. The results files and `sweep.html` are rebuilt at the end and on interruption.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPoolSet, type PoolSet } from '../pool/pool-set.js';
import { runCampaign, type RunCampaignOptions, type RunCampaignResult } from '../campaign/run-campaign.js';
import { admitLimits, machineResources, type MachineResources } from '../scheduling/admission.js';
import { createBusyMeter, type BusyMeter } from '../scheduling/busy-meter.js';
import type { Clock } from '../shared/clock.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { configForRun, sweepToJson, type LoadedSweep } from './load-sweep.js';
import { createLookahead, pickRunnable, type Lookahead, type Queued } from './lookahead.js';
import { createCampaignTaskLauncher, createCampaignTaskPool, type CampaignTaskPool } from './campaign-task-pool.js';
import { useCampaignTasks } from './campaign-task-mode.js';
import {
  createPooledLauncher,
  createRunOne,
  type RunLauncher,
  type RunOneContext,
  type SweepRunEvent,
} from './run-one.js';
import { createSharedInputs } from './shared-inputs.js';
import { readRows } from './sweep-row.js';
import type { HeldInfo, SweepResults, SweepStatusInfo, Utilisation } from './sweep-results.js';
import { RESULTS_JSONL, writeSweepResults } from './write-results.js';

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
  /** Told when each run starts and ends (progress views). */
  readonly onRun?: (event: SweepRunEvent) => void;
}

export interface RunSweepResult {
  readonly state: 'done' | 'interrupted';
  readonly results: SweepResults;
  readonly utilisation: Utilisation;
  /** Runs started in this process (resumed ones included), runs skipped as already finished. */
  readonly ran: number;
  readonly skipped: number;
}

export async function runSweep(options: RunSweepOptions): Promise<RunSweepResult> {
  const { sweep, stateDir, clock, signal } = options;
  const log = options.log ?? (() => undefined);
  const run = options.runCampaign ?? runCampaign;
  const spec = sweep.spec;
  const runsDir = join(stateDir, 'runs');
  const featureCacheDir = join(stateDir, 'cache', 'features');
  // The runs of one pool share its computed truth: a grid over strategies repeats each seed's subsample.
  const oracleCacheDir = join(stateDir, 'cache', 'oracle');
  mkdirSync(runsDir, { recursive: true });
  mkdirSync(featureCacheDir, { recursive: true });
  writeSweepJson(stateDir, sweep, log);

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
  const asTasks = useCampaignTasks(spec, first.config, sweep.file, !ownPools || options.runCampaign !== undefined);
  // Created lazily per stage: with campaign tasks it starts no thread unless a run falls back to it.
  const pools =
    options.pools ??
    createPoolSet(admitted.limits, admitted.workers ?? Math.min(machine.cpus, spec.workers ?? machine.cpus));
  const builtin = 'builtin' in first.config.dataset ? first.config.dataset.builtin : null;
  const shared = await createSharedInputs(stateDir, builtin);
  const taskPool = asTasks ? createCampaignTaskPool(Math.min(spec.concurrency, pools.threads)) : null;
  if (taskPool !== null) notes.push(`runs as campaign tasks on ${taskPool.threads} worker threads`);
  if (taskPool !== null) log(`sweep: ${notes.at(-1) ?? ''}`);
  const threads = taskPool?.threads ?? pools.threads;

  const held = new Map<string, HeldInfo>();
  const meter = createBusyMeter(threads, clock);
  const utilisation = createUtilisation(threads, meter, clock, () => workerCpuMs(pools, taskPool));
  const statusInfo = statusOf(sweep, utilisation, held, notes);
  const context: RunOneContext = {
    sweep,
    runsDir,
    jsonl,
    featureCacheDir,
    oracleCacheDir,
    shared,
    pools,
    meter,
    clock,
    log,
    run,
    signal,
    interruptExitCode: options.interruptExitCode,
    onRun: options.onRun,
  };
  const launch = taskPool === null ? undefined : taskLauncher(taskPool, context, spec.campaign_tasks === 'always');
  const runOne = createRunOne({ ...context, launch });
  const lookahead = createLookahead(sweep.space, finished, Math.max(16, spec.concurrency * 4), clock);
  if (finished.size > 0) log(`sweep: ${finished.size} runs already finished are skipped`);
  let ran: number;
  try {
    ran = await dispatchRuns({ spec, stateDir, clock, signal, log, lookahead, held, runOne, statusInfo });
  } finally {
    await taskPool?.close();
    if (ownPools) await pools.close();
  }
  const state = signal?.aborted === true ? 'interrupted' : 'done';
  const results = writeSweepResults(stateDir, statusInfo(state));
  return { state, results, utilisation: utilisation(), ran, skipped: lookahead.skipped };
}

/** The sweep's status as its pages show it, now. */
function statusOf(
  sweep: LoadedSweep,
  utilisation: () => Utilisation,
  held: ReadonlyMap<string, HeldInfo>,
  notes: readonly string[],
): (state: SweepStatusInfo['state']) => SweepStatusInfo {
  const { spec } = sweep;
  const paramKeys = sweep.space.dimensions.flatMap((d) => d.keys);
  return (state) => ({
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
}

/** Runs as campaign tasks on `pool`; on the engine pool those that need it, or whose worker died. */
function taskLauncher(pool: CampaignTaskPool, c: RunOneContext, always: boolean): RunLauncher {
  return createCampaignTaskLauncher({
    pool,
    pooled: createPooledLauncher(c),
    always,
    sweepFile: c.sweep.file,
    featureCacheDir: c.featureCacheDir,
    oracleCacheDir: c.oracleCacheDir,
    meter: c.meter,
    clock: c.clock,
    log: c.log,
    signal: c.signal,
    interruptExitCode: c.interruptExitCode,
  });
}

/** Records the sweep in `sweep.json`, noting when the sweep file changed since the folder's last run. */
function writeSweepJson(stateDir: string, sweep: LoadedSweep, log: (line: string) => void): void {
  const sweepJson = join(stateDir, 'sweep.json');
  if (existsSync(sweepJson)) {
    const before = (JSON.parse(readFileSync(sweepJson, 'utf8')) as { sha256?: string }).sha256;
    if (before !== sweep.sha256)
      log('sweep: the sweep file changed since the last run; runs are matched by id (parameters + seed)');
  }
  writeFileAtomic(sweepJson, `${JSON.stringify(sweepToJson(sweep), null, 2)}\n`);
}

/** The worker threads' CPU time in tasks (ms): the engine pools' and the campaign tasks'; null when unknown. */
function workerCpuMs(pools: PoolSet, taskPool: CampaignTaskPool | null): number | null {
  const engine = pools.workerCpuMs?.() ?? null;
  const tasks = taskPool === null ? 0 : taskPool.cpuMs();
  return engine === null || tasks === null ? null : engine + tasks;
}

/** Busy worker-time and worker CPU time of the sweep's threads over its wall time so far. */
function createUtilisation(
  threads: number,
  meter: BusyMeter,
  clock: Clock,
  cpuMs: () => number | null,
): () => Utilisation {
  const startedWall = clock.monotonic();
  return () => {
    const wall = (clock.monotonic() - startedWall) / 1000;
    const available = wall * threads;
    const cpu = cpuMs();
    return {
      threads,
      wall_s: wall,
      busy_worker_s: meter.busyMs() / 1000,
      available_worker_s: available,
      ratio: available > 0 ? Math.min(1, meter.busyMs() / 1000 / available) : null,
      cpu_worker_s: cpu === null ? null : cpu / 1000,
      cpu_ratio: cpu === null || available <= 0 ? null : Math.min(1, cpu / 1000 / available),
    };
  };
}

interface DispatchContext {
  readonly spec: LoadedSweep['spec'];
  readonly stateDir: string;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  readonly log: (line: string) => void;
  readonly lookahead: Lookahead;
  readonly held: Map<string, HeldInfo>;
  readonly runOne: (run: Queued['run']) => Promise<void>;
  readonly statusInfo: (state: SweepStatusInfo['state']) => SweepStatusInfo;
}

/**
 * Starts queued runs as slots free up, in priority order, until the space is done or the signal aborts;
 * waits out holds. Returns how many runs it started, once every started run has settled.
 */
async function dispatchRuns(c: DispatchContext): Promise<number> {
  const { spec, stateDir, clock, signal, log, lookahead, held, runOne, statusInfo } = c;
  const inflight = new Set<Promise<void>>();
  let ran = 0;
  try {
    for (;;) {
      if (signal?.aborted === true) break;
      lookahead.refill();
      if (lookahead.items.length === 0 && inflight.size === 0) break;
      // Priority order among the runnable; held ones stay queued with their reason shown.
      const now = clock.now();
      const { queue, earliest } = pickRunnable(lookahead.items, now, spec.scheduling, held, log);
      let started = false;
      while (inflight.size < spec.concurrency && queue.size > 0) {
        const q = queue.pop() as Queued;
        lookahead.remove(q);
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
  }
  return ran;
}
