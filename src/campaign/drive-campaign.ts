/**
 * Drives a (provided) campaign machine to its end: starts or restores it, writes the checkpoint after
 * every transition, emits each transition and each new round on the run's event bus, and resolves with
 * the final status. No engine knowledge lives here, so the grand-mock test drives it with fake actors.
 */
import { createActor, type SnapshotFrom } from 'xstate';
import type { Clock } from '../shared/clock.js';
import type { CampaignMachine } from '../machine/campaign-machine.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { EventBus } from '../shared/event-bus.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import { coerceError } from '../shared/errors.js';
import { createCheckpointWriter } from '../state/checkpoint.js';

export type DriveStatus = 'done' | 'failed' | 'interrupted';

export interface DriveOptions {
  readonly machine: CampaignMachine;
  readonly plan: CampaignPlan;
  /** A persisted snapshot to restore (from `readCheckpoint`), or none for a new campaign. */
  readonly snapshot?: unknown;
  readonly checkpointPath: string;
  readonly configHash: string;
  /** The dataset file's sha256, recorded in the checkpoint so that a resume can refuse a changed file. */
  readonly datasetSha256?: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /**
   * Where the run is reported: `run:start`, `checkpoint:written`, `machine:transition`, `round:end` and
   * `machine:timing` (in that order for a transition), `run:end`.
   */
  readonly events: EventBus<CampaignEventMap>;
}

/** Events that end a stage actor (a promise settling) or kick the machine: a transition's step starts there. */
const STEP_TRIGGER = /^(xstate\.promise\.(resolve|reject)|START|RETRY)$/;

export interface DriveResult {
  readonly status: DriveStatus;
  /** The machine state the run ended in (for an interrupted run, the stage it was in). */
  readonly state: string;
  readonly context: CampaignContext;
}

export async function driveCampaign(options: DriveOptions): Promise<DriveResult> {
  const { machine, clock, events } = options;
  const checkpoint = createCheckpointWriter(options.checkpointPath, {
    configHash: options.configHash,
    ...(options.datasetSha256 === undefined ? {} : { datasetSha256: options.datasetSha256 }),
  });
  // When the event behind the next transition was received (xstate's inspection API), for `step_ms`.
  let stepStart: number | null = null;
  const actor = createActor(machine, {
    input: options.plan,
    inspect: (ev) => {
      if (ev.type === '@xstate.event' && STEP_TRIGGER.test(ev.event.type)) stepStart = clock.monotonic();
    },
    ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot as SnapshotFrom<CampaignMachine> }),
  });
  let lastValue: string | null = null;
  // The restored snapshot itself may say 'failed' (a campaign resumed to retry): only states reached
  // after START/RETRY end the run.
  let kicked = false;
  let historyLength = (options.snapshot as { context?: CampaignContext } | undefined)?.context?.history.length ?? 0;

  const finished = new Promise<DriveStatus>((resolve, reject) => {
    const onAbort = () => resolve('interrupted');
    if (options.signal?.aborted) resolve('interrupted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    actor.subscribe({
      next(snapshot) {
        if (snapshot.status === 'stopped' || options.signal?.aborted) return;
        const value = String(snapshot.value);
        const ctx = snapshot.context;
        const t0 = clock.monotonic();
        const transition = value !== lastValue ? { from: lastValue, to: value } : null;
        let t1 = t0;
        if (transition !== null) {
          try {
            checkpoint.write(actor.getPersistedSnapshot(), new Date(clock.now()));
          } catch (error) {
            // A full or failing disk: stop here, the previous checkpoint is the one to resume from.
            reject(coerceError(error));
            return;
          }
          t1 = clock.monotonic();
          lastValue = value;
          events.emit('checkpoint:written', { state: value, ms: t1 - t0 });
          events.emit('machine:transition', { ...transition, at: clock.now(), context: ctx });
        }
        if (ctx.history.length !== historyLength) {
          historyLength = ctx.history.length;
          const last = ctx.history[ctx.history.length - 1];
          if (last !== undefined) events.emit('round:end', { round: last, context: ctx });
        }
        if (transition !== null) {
          // The listeners above ran synchronously: their time is the transition's observer time.
          const t2 = clock.monotonic();
          events.emit('machine:timing', {
            ...transition,
            step_ms: stepStart === null ? 0 : Math.max(0, t0 - stepStart),
            checkpoint_ms: t1 - t0,
            observers_ms: t2 - t1,
          });
        }
        stepStart = null;
        if (kicked && (value === 'done' || value === 'failed')) {
          options.signal?.removeEventListener('abort', onAbort);
          resolve(value);
        }
      },
      error: reject,
    });
  });

  actor.start();
  const startValue = String(actor.getSnapshot().value);
  lastValue ??= startValue;
  events.emit('run:start', { state: startValue, context: actor.getSnapshot().context });
  if (startValue === 'done') {
    actor.stop();
    await checkpoint.flush();
    events.emit('run:end', { status: 'done', state: 'done' });
    return { status: 'done', state: 'done', context: actor.getSnapshot().context };
  }
  kicked = true;
  if (startValue === 'idle') actor.send({ type: 'START' });
  else if (startValue === 'failed') actor.send({ type: 'RETRY' });
  let result: DriveResult;
  try {
    const status = await finished;
    // Read the context before stopping: an interrupted run reports where it stood at its last checkpoint.
    const snapshot = actor.getSnapshot();
    result = { status, state: String(snapshot.value), context: snapshot.context };
  } finally {
    actor.stop();
    // Every transition's checkpoint is on disk before the run reports its end.
    await checkpoint.flush();
  }
  events.emit('run:end', { status: result.status, state: result.state });
  return result;
}
