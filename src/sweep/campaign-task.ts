/**
 * A campaign task: one whole run of a sweep carried out in a worker thread (`campaign-worker.ts`), its engine
 * work in that thread too. What crosses the thread boundary is data: the run's loaded config, its folder and
 * a small control block shared by both threads.
 *
 * The control block (a SharedArrayBuffer) is read by the worker before each engine task and every 100 ms:
 * its stop word, set by the main thread when the sweep is interrupted, becomes the campaign's own AbortSignal,
 * so the run ends `interrupted` with its checkpoint kept, as on the main thread. The worker writes there the
 * deadline of the engine task it runs (its start plus its stage's `timeout_s`): engine code is synchronous, so
 * the watchdog that enforces it must live in another thread.
 */
import type { LoadedConfig } from '../config/load-config.js';
import type { Summary } from '../state/campaign-db.js';

export interface CampaignTaskInput {
  readonly runDir: string;
  readonly loaded: LoadedConfig;
  readonly resume: boolean;
  readonly featureCacheDir: string;
  readonly oracleCacheDir: string;
  /** `createCampaignControl().buffer`. */
  readonly control: SharedArrayBuffer;
}

/** How a campaign task ended; a campaign that threw is data too (a worker's death is the pool's rejection). */
export type CampaignTaskReply =
  | { readonly kind: 'interrupted'; readonly cpuMs: number | null }
  | {
      readonly kind: 'ended';
      readonly summary: Summary;
      /** Its engine tasks' attempt time. */
      readonly taskMs: number;
      readonly pool: number | null;
      /** The worker thread's CPU time in this task; null where the platform does not tell. */
      readonly cpuMs: number | null;
    }
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly message: string;
      readonly taskMs: number;
      readonly cpuMs: number | null;
    };

export interface CampaignControl {
  readonly buffer: SharedArrayBuffer;
  /** The exit code the interrupted run records (130 SIGINT, 143 SIGTERM); 0 while not stopped. */
  stopCode(): number;
  stop(exitCode: number): void;
  /** Epoch ms by which the engine task in flight must end; 0 when none is. */
  deadline(): number;
  setDeadline(epochMs: number): void;
}

export function createCampaignControl(buffer: SharedArrayBuffer = new SharedArrayBuffer(16)): CampaignControl {
  const words = new Int32Array(buffer, 0, 1);
  const deadline = new Float64Array(buffer, 8, 1);
  return {
    buffer,
    stopCode: () => Atomics.load(words, 0),
    stop: (exitCode) => Atomics.store(words, 0, exitCode === 0 ? 130 : exitCode),
    deadline: () => deadline[0] ?? 0,
    setDeadline: (epochMs) => {
      deadline[0] = epochMs;
    },
  };
}
