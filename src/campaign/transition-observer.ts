/**
 * What the driver does with every snapshot of the campaign actor: on a transition, write the checkpoint
 * and emit `checkpoint:written` and `machine:transition`; on a new round, `round:end`; then, for a
 * transition, `machine:timing` (step, checkpoint and observer times).
 */
import type { SnapshotFrom } from 'xstate';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { CampaignMachine } from '../machine/campaign-machine.js';
import type { Clock } from '../shared/clock.js';
import type { EventBus } from '../shared/event-bus.js';
import type { CheckpointWriter } from '../state/checkpoint.js';

export interface TransitionObserverOptions {
  readonly clock: Clock;
  readonly events: EventBus<CampaignEventMap>;
  readonly checkpoint: CheckpointWriter;
  /** The actor's persisted snapshot, as the checkpoint stores it. */
  readonly persisted: () => unknown;
  /** Rounds in the context already (a restored snapshot's), so that only new rounds are reported. */
  readonly historyLength: number;
}

export interface TransitionObserver {
  /** The event behind the next transition was received now (xstate's inspection API), for `step_ms`. */
  stepStarted(): void;
  /** Reports one snapshot of the actor. */
  observe(snapshot: SnapshotFrom<CampaignMachine>): void;
  /** The state the actor started in, unless a snapshot was observed already. */
  started(value: string): void;
}

export function createTransitionObserver(options: TransitionObserverOptions): TransitionObserver {
  const { clock, events, checkpoint } = options;
  let stepStart: number | null = null;
  let lastValue: string | null = null;
  let historyLength = options.historyLength;

  /** Emits `round:end` when the snapshot's history has grown (or changed length). */
  const reportRound = (ctx: SnapshotFrom<CampaignMachine>['context']) => {
    if (ctx.history.length === historyLength) return;
    historyLength = ctx.history.length;
    const last = ctx.history[ctx.history.length - 1];
    if (last !== undefined) events.emit('round:end', { round: last, context: ctx });
  };

  return {
    stepStarted() {
      stepStart = clock.monotonic();
    },
    observe(snapshot) {
      const value = String(snapshot.value);
      const ctx = snapshot.context;
      const t0 = clock.monotonic();
      const transition = value !== lastValue ? { from: lastValue, to: value } : null;
      let t1 = t0;
      if (transition !== null) {
        checkpoint.write(options.persisted(), new Date(clock.now()));
        t1 = clock.monotonic();
        lastValue = value;
        events.emit('checkpoint:written', { state: value, ms: t1 - t0 });
        events.emit('machine:transition', { ...transition, at: clock.now(), context: ctx });
      }
      reportRound(ctx);
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
    },
    started(value) {
      lastValue ??= value;
    },
  };
}
