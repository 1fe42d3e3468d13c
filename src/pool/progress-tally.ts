/**
 * Progress of engine calls, for the live progress line: an engine call of a stage (a fan-out of supervised
 * pieces: featurize chunks, tree pieces, prediction chunks, oracle chunks) reports the items it covers when it
 * starts and its items done each time a piece ends. It costs one event per piece, of which a stage has a few
 * to a few dozen. Pieces are registered as the call fans out (synchronously, before its first await), so the
 * total is known when the call's first `progress` is emitted.
 *
 * A call whose tasks count their steps (a network's epochs; src/shared/step-counter.ts) also reports those: the
 * counter is read on the clock every `sampleMs` while the call runs, and a progress event goes out when the
 * reading changed (a network's epochs can take minutes; its one piece would say 0/1 until the end).
 */
import type { TaskKind } from '../events/attempt-record.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import { createStepCounter, readSteps, type StepProgress } from '../shared/step-counter.js';
import type { Stage } from '../shared/vocabulary.js';

export interface CallProgress {
  readonly stage: Stage | 'oracle';
  readonly kind: TaskKind;
  readonly generation: number;
  /** Items (molecules, trees, ensemble members, rows) finished so far, ok or given up. */
  readonly done: number;
  readonly total: number;
  /** Steps inside the items (a network's epochs), where the call's tasks count them. */
  readonly steps?: StepProgress;
}

export interface ProgressTally {
  /** Runs one engine call's body, counting the pieces it supervises; reports at its start and end. */
  call<T>(stage: Stage | 'oracle', kind: TaskKind, body: () => Promise<T>): Promise<T>;
  /** Registers a piece of `items` now; the returned function reports it ended. */
  piece(stage: Stage | 'oracle', kind: TaskKind, items: number): () => void;
  /**
   * A step counter for the open call of `stage`/`kind` (one slot per item, at most `perItem` steps each), read
   * until the call ends; null when no such call is open or there is no clock to read it on.
   */
  countSteps(stage: Stage | 'oracle', kind: TaskKind, items: number, perItem: number): SharedArrayBuffer | null;
}

interface OpenCall {
  done: number;
  total: number;
  steps: { readonly buffer: SharedArrayBuffer; readonly perItem: number; last: StepProgress } | null;
  sampler: TimerHandle | null;
}

export interface ProgressTallyOptions {
  /** The clock that reads step counters; without one, no call counts steps. */
  readonly clock?: Clock;
  /** How often a step counter is read (default 250 ms, the live line's redraw). */
  readonly sampleMs?: number;
}

const sameSteps = (a: StepProgress, b: StepProgress) =>
  a.done === b.done && a.total === b.total && a.ended === b.ended && a.endedEarly === b.endedEarly;

export function createProgressTally(
  generation: number,
  report: (p: CallProgress) => void,
  options: ProgressTallyOptions = {},
): ProgressTally {
  const { clock } = options;
  const open = new Map<string, OpenCall>();
  const emit = (stage: Stage | 'oracle', kind: TaskKind, t: OpenCall) => {
    if (t.steps !== null) t.steps.last = readSteps(t.steps.buffer, t.steps.perItem);
    report({
      stage,
      kind,
      generation,
      done: t.done,
      total: t.total,
      ...(t.steps === null ? {} : { steps: t.steps.last }),
    });
  };
  return {
    async call(stage, kind, body) {
      const key = `${stage}/${kind}`;
      // Calls of one stage and kind run one after the other; a nested one would share the outer tally.
      const outer = open.get(key);
      const tally = outer ?? { done: 0, total: 0, steps: null, sampler: null };
      if (outer === undefined) open.set(key, tally);
      const running = body();
      if (outer === undefined && tally.total > 0) emit(stage, kind, tally);
      try {
        return await running;
      } finally {
        if (outer === undefined) {
          clock?.clearInterval(tally.sampler);
          open.delete(key);
        }
      }
    },
    piece(stage, kind, items) {
      const tally = open.get(`${stage}/${kind}`);
      if (tally === undefined) return () => undefined;
      tally.total += items;
      return () => {
        tally.done += items;
        emit(stage, kind, tally);
      };
    },
    countSteps(stage, kind, items, perItem) {
      const tally = open.get(`${stage}/${kind}`);
      if (tally === undefined || clock === undefined || tally.steps !== null) return null;
      const buffer = createStepCounter(items);
      const steps = { buffer, perItem, last: readSteps(buffer, perItem) };
      tally.steps = steps;
      tally.sampler = clock.setInterval(
        () => {
          if (!sameSteps(steps.last, readSteps(buffer, perItem))) emit(stage, kind, tally);
        },
        options.sampleMs ?? 250,
        { unref: true },
      );
      return buffer;
    },
  };
}
