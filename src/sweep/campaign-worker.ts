/**
 * The worker entry of campaign tasks (`campaign-task.ts`): runs one sweep run's campaign with the real
 * `runCampaign`, its engine tasks in this thread (`createInThreadPoolSet`), as `run-one.ts` runs it on the
 * main thread: views at the end only, no live refresh, the sweep's feature cache. What a sweep's runs share in
 * memory (datasets, drawings, digests) is built once per worker thread; the files they share (the library,
 * plotly) were prepared in the run's folder by the main thread before the task was posted. Every end is a
 * reply; only the thread's death is not.
 */
import { runCampaign } from '../campaign/run-campaign.js';
import type { CampaignShared } from '../campaign/campaign-shared.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { createInThreadPoolSet } from '../pool/in-thread-pool-set.js';
import { systemClock } from '../shared/clock.js';
import { AlcoveError, coerceError } from '../shared/errors.js';
import { createEventBus } from '../shared/event-bus.js';
import { threadCpuMsSince, threadCpuNs } from '../shared/thread-cpu.js';
import { poolSizeOf } from '../state/pool-size.js';
import { createCampaignControl, type CampaignTaskInput, type CampaignTaskReply } from './campaign-task.js';
import { createCampaignShared } from './shared-inputs.js';

/** How often the stop word is read between engine tasks (a stage with no task, the run's last writes). */
const STOP_POLL_MS = 100;

let shared: CampaignShared | undefined;

export default async function runCampaignTask(input: CampaignTaskInput): Promise<CampaignTaskReply> {
  const cpu0 = threadCpuNs();
  const { limits } = input.loaded.config;
  const control = createCampaignControl(input.control);
  const stop = new AbortController();
  const stopIfAsked = () => {
    if (!stop.signal.aborted && control.stopCode() !== 0) stop.abort();
  };
  // The run's task time, as the main thread's path counts it: its engine attempts.
  let taskMs = 0;
  const events = createEventBus<CampaignEventMap>();
  events.on('attempt:end', ({ record }) => {
    taskMs += record.ms ?? 0;
  });
  const pools = createInThreadPoolSet({
    limits,
    beforeTask(stage) {
      stopIfAsked();
      if (stop.signal.aborted) throw new AlcoveError('ABORTED', `${stage} interrupted`);
      const timeout = limits[stage].timeout_s;
      control.setDeadline(timeout === null ? 0 : systemClock.now() + timeout * 1000);
    },
    afterTask: () => control.setDeadline(0),
  });
  const poll = systemClock.setInterval(stopIfAsked, STOP_POLL_MS, { unref: true });
  try {
    const result = await runCampaign({
      loaded: input.loaded,
      stateDir: input.runDir,
      resume: input.resume,
      pools,
      clock: systemClock,
      events,
      featureCacheDir: input.featureCacheDir,
      oracleCacheDir: input.oracleCacheDir,
      liveRefresh: false,
      roundViews: false,
      shared: (shared ??= createCampaignShared()),
      signal: stop.signal,
      interruptExitCode: () => control.stopCode() || 130,
    });
    if (result.status === 'interrupted' || result.status === 'running') {
      return { kind: 'interrupted', cpuMs: threadCpuMsSince(cpu0) };
    }
    const pool = poolSizeOf(input.runDir, result.summary.dataset, input.loaded.config.dataset.subsample);
    return { kind: 'ended', summary: result.summary, taskMs, pool, cpuMs: threadCpuMsSince(cpu0) };
  } catch (error) {
    if (stop.signal.aborted) return { kind: 'interrupted', cpuMs: threadCpuMsSince(cpu0) };
    const e = coerceError(error);
    return { kind: 'error', code: e.code, message: e.message, taskMs, cpuMs: threadCpuMsSince(cpu0) };
  } finally {
    systemClock.clearInterval(poll);
  }
}
