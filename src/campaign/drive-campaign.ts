/**
 * Drives a (provided) campaign machine to its end: starts or restores it, writes the checkpoint after
 * every transition, emits each transition and each new round on the run's event bus, and resolves with
 * the final status. No engine knowledge lives here, so the grand-mock test drives it with fake actors.
 */
import { type Actor, createActor, type SnapshotFrom } from 'xstate';
import type { Clock } from '../shared/clock.js';
import type { CampaignMachine } from '../machine/campaign-machine.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { EventBus } from '../shared/event-bus.js';
import type { CampaignContext, CampaignPlan } from '../machine/campaign-types.js';
import { coerceError } from '../shared/errors.js';
import { createCheckpointWriter } from '../state/checkpoint.js';
import { createTransitionObserver, type TransitionObserver } from './transition-observer.js';

export type DriveStatus = 'done' | 'failed' | 'interrupted' | 'waiting';

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
   * Aborted when a write outside the machine failed that the run cannot go on without (the audit
   * trail): the run stops there, rejecting with the signal's reason; the last checkpoint stays.
   */
  readonly stop?: AbortSignal;
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
  // The trail failed before the machine started (its run-start line): nothing to drive.
  if (options.stop?.aborted) throw coerceError(options.stop.reason);
  const checkpoint = createCheckpointWriter(options.checkpointPath, {
    configHash: options.configHash,
    ...(options.datasetSha256 === undefined ? {} : { datasetSha256: options.datasetSha256 }),
  });
  const observer = createTransitionObserver({
    clock,
    events,
    checkpoint,
    persisted: () => actor.getPersistedSnapshot(),
    historyLength: (options.snapshot as { context?: CampaignContext } | undefined)?.context?.history.length ?? 0,
  });
  const actor = createActor(machine, {
    input: options.plan,
    inspect: (ev) => {
      if (ev.type === '@xstate.event' && STEP_TRIGGER.test(ev.event.type)) observer.stepStarted();
    },
    ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot as SnapshotFrom<CampaignMachine> }),
  });
  // The restored snapshot itself may say 'failed' (a campaign resumed to retry): only states reached
  // after START/RETRY end the run.
  let kicked = false;
  const finished = untilEnd(actor, observer, options, () => kicked);

  actor.start();
  const startValue = String(actor.getSnapshot().value);
  observer.started(startValue);
  events.emit('run:start', { state: startValue, context: actor.getSnapshot().context });
  if (startValue === 'done') {
    actor.stop();
    await checkpoint.flush();
    events.emit('run:end', { status: 'done', state: 'done' });
    return { status: 'done', state: 'done', context: actor.getSnapshot().context };
  }
  kicked = true;
  if (startValue === 'idle') actor.send({ type: 'START' });
  else if (startValue === 'failed' || startValue === 'waiting') actor.send({ type: 'RETRY' });
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

/**
 * Observes every snapshot of the actor and resolves when the run ends: `done`, `failed` or `waiting` reached once
 * kicked, or `interrupted` when the signal aborts; rejects when the actor errors, a checkpoint cannot be
 * written, or `stop` aborts.
 */
function untilEnd(
  actor: Actor<CampaignMachine>,
  observer: TransitionObserver,
  { signal, stop }: Pick<DriveOptions, 'signal' | 'stop'>,
  kicked: () => boolean,
): Promise<DriveStatus> {
  return new Promise<DriveStatus>((resolve, reject) => {
    const onAbort = () => resolve('interrupted');
    if (signal?.aborted) resolve('interrupted');
    signal?.addEventListener('abort', onAbort, { once: true });
    stop?.addEventListener('abort', () => reject(coerceError(stop.reason)), { once: true });
    actor.subscribe({
      next(snapshot) {
        if (snapshot.status === 'stopped' || signal?.aborted) return;
        try {
          observer.observe(snapshot);
        } catch (error) {
          // A full or failing disk: stop here, the previous checkpoint is the one to resume from.
          reject(coerceError(error));
          return;
        }
        const value = String(snapshot.value);
        if (kicked() && (value === 'done' || value === 'failed' || value === 'waiting')) {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        }
      },
      error: reject,
    });
  });
}
