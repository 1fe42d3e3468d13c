/**
 * The main thread's side of campaign tasks (`campaign-task.ts`): their own Piscina pool, and the launcher that
 * posts a run there and turns the reply into the run's outcome. The sweep's interrupt becomes the task's stop
 * word (a graceful end, checkpoint kept); a watchdog on the clock ends a task whose engine task outlived its
 * stage's `timeout_s`. A task whose worker died (a crash, out of memory, the watchdog) is not a failed run: it
 * is logged once and re-run on the engine pool, resuming from its checkpoint, where per-task limits and
 * retries apply.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { BusyMeter } from '../scheduling/busy-meter.js';
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { compiledRdkitWasm } from '../shared/rdkit-wasm.js';
import { createCpuSum } from '../pool/worker-pool.js';
import { statePaths } from '../state/state-files.js';
import { createCampaignControl, type CampaignTaskInput, type CampaignTaskReply } from './campaign-task.js';
import { campaignTasksRefusal, pooledOnlyKeys } from './campaign-task-mode.js';
import type { RunLauncher, RunOutcome } from './run-one.js';

/** How often the watchdog reads the deadline of each task's engine task in flight. */
const WATCHDOG_MS = 1000;

/**
 * The old-generation cap of a campaign task's worker. V8 sizes a heap's next limit as its live size times a
 * factor that it scales with the heap's cap: 4 from a 2 GB cap up (the default here), 1.6 at 1 GB. Uncapped,
 * the task workers of a 1,000-run sweep grew their old space from 31 to 111 MB each around 40 MB of live
 * objects, and the process's memory by 17-43% between the first and the last hundred runs; at 1 GB by 15-19%,
 * for about 5% more wall time in collections (bench/README.md, "a capped heap for campaign tasks"). A task
 * that needs more dies out of memory and is re-run on the engine pool from its checkpoint, where no cap
 * applies, as any task whose worker died.
 */
export const TASK_OLD_GENERATION_MB = 1024;

export interface CampaignTaskPool {
  readonly threads: number;
  /** Posts one task; rejects only when its worker died or was ended (`abort`). */
  run(input: CampaignTaskInput, abort: AbortSignal): Promise<CampaignTaskReply>;
  /** CPU time of the workers in the tasks that replied (ms); null when one could not tell. */
  cpuMs(): number | null;
  close(): Promise<void>;
}

const isTypeScript = import.meta.url.endsWith('.ts');

/** `oldGenerationMb`: each worker's heap cap (the default but for a test of what a task past it does). */
export function createCampaignTaskPool(
  threads: number,
  oldGenerationMb: number = TASK_OLD_GENERATION_MB,
): CampaignTaskPool {
  const wasm = compiledRdkitWasm();
  const filename = fileURLToPath(new URL(`./campaign-worker.${isTypeScript ? 'ts' : 'js'}`, import.meta.url));
  const piscina = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: oldGenerationMb },
    ...(isTypeScript ? { execArgv: ['--import', 'tsx'] } : {}),
    // Compiled once here: each worker instantiates it for its featurization and its status pages' drawings.
    workerData: wasm === null ? {} : { rdkitWasm: wasm },
  });
  piscina.on('error', (error: unknown) => {
    process.emitWarning(`campaign task pool error: ${coerceError(error).message}`);
  });
  const cpu = createCpuSum();
  return {
    threads,
    async run(input, abort) {
      const reply = (await piscina.run(input, { signal: abort })) as CampaignTaskReply;
      cpu.add(reply.cpuMs);
      return reply;
    },
    cpuMs: cpu.ms,
    close: () => piscina.close(),
  };
}

export interface CampaignLauncherOptions {
  readonly pool: CampaignTaskPool;
  /** Where a run goes that a campaign task cannot keep, or whose worker died. */
  readonly pooled: RunLauncher;
  /** `always`: a run whose own config needs the engine pool fails instead. */
  readonly always: boolean;
  readonly sweepFile: string;
  readonly featureCacheDir: string;
  readonly oracleCacheDir: string;
  readonly meter: BusyMeter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal | undefined;
  readonly interruptExitCode?: (() => number) | undefined;
}

export function createCampaignTaskLauncher(o: CampaignLauncherOptions): RunLauncher {
  return async (job) => {
    const keys = pooledOnlyKeys(job.loaded.config);
    if (keys.length > 0) {
      if (!o.always) return o.pooled(job);
      return { kind: 'error', code: 'BAD_CONFIG', message: campaignTasksRefusal(o.sweepFile, keys), taskS: 0 };
    }
    const interrupted = () => o.signal?.aborted === true;
    if (interrupted()) return { kind: 'interrupted' };
    const control = createCampaignControl();
    const end = new AbortController();
    const onStop = () => control.stop(o.interruptExitCode?.() ?? 130);
    o.signal?.addEventListener('abort', onStop, { once: true });
    let overdue = false;
    const watchdog = o.clock.setInterval(() => {
      const deadline = control.deadline();
      if (deadline > 0 && o.clock.now() > deadline) {
        overdue = true;
        end.abort();
      }
    }, WATCHDOG_MS);
    const { featureCacheDir, oracleCacheDir } = o;
    const input = { runDir: job.dir, loaded: job.loaded, resume: job.resume, featureCacheDir, oracleCacheDir };
    o.meter.start();
    let reply: CampaignTaskReply;
    try {
      reply = await o.pool.run({ ...input, control: control.buffer }, end.signal);
    } catch (error) {
      if (interrupted()) return { kind: 'interrupted' };
      const why = overdue ? 'an engine task passed its timeout_s' : `its worker died: ${coerceError(error).message}`;
      o.log(`run ${job.item.id}: campaign task ended (${why}); re-run on the engine pool from its checkpoint`);
      return o.pooled({ ...job, resume: existsSync(statePaths(job.dir).checkpoint) });
    } finally {
      o.meter.end();
      o.clock.clearInterval(watchdog);
      o.signal?.removeEventListener('abort', onStop);
    }
    return outcomeOf(reply);
  };
}

function outcomeOf(reply: CampaignTaskReply): RunOutcome {
  switch (reply.kind) {
    case 'interrupted':
      return { kind: 'interrupted' };
    case 'ended':
      return { kind: 'ended', summary: reply.summary, taskS: reply.taskMs / 1000, pool: reply.pool };
    case 'error':
      return { kind: 'error', code: reply.code, message: reply.message, taskS: reply.taskMs / 1000 };
  }
}
