/**
 * Progress of engine calls, for the live progress line: an engine call of a stage (a fan-out of supervised
 * pieces: featurize chunks, tree pieces, prediction chunks, oracle chunks) reports the items it covers when it
 * starts and its items done each time a piece ends. It costs one event per piece, of which a stage has a few
 * to a few dozen. Pieces are registered as the call fans out (synchronously, before its first await), so the
 * total is known when the call's first `progress` is emitted.
 */
import type { TaskKind } from '../events/attempt-record.js';
import type { Stage } from '../shared/vocabulary.js';

export interface CallProgress {
  readonly stage: Stage | 'oracle';
  readonly kind: TaskKind;
  readonly generation: number;
  /** Items (molecules, trees, ensemble members, rows) finished so far, ok or given up. */
  readonly done: number;
  readonly total: number;
}

export interface ProgressTally {
  /** Runs one engine call's body, counting the pieces it supervises; reports at its start and end. */
  call<T>(stage: Stage | 'oracle', kind: TaskKind, body: () => Promise<T>): Promise<T>;
  /** Registers a piece of `items` now; the returned function reports it ended. */
  piece(stage: Stage | 'oracle', kind: TaskKind, items: number): () => void;
}

export function createProgressTally(generation: number, report: (p: CallProgress) => void): ProgressTally {
  const open = new Map<string, { done: number; total: number }>();
  const emit = (stage: Stage | 'oracle', kind: TaskKind, t: { done: number; total: number }) =>
    report({ stage, kind, generation, done: t.done, total: t.total });
  return {
    async call(stage, kind, body) {
      const key = `${stage}/${kind}`;
      // Calls of one stage and kind run one after the other; a nested one would share the outer tally.
      const outer = open.get(key);
      const tally = outer ?? { done: 0, total: 0 };
      if (outer === undefined) open.set(key, tally);
      const running = body();
      if (outer === undefined && tally.total > 0) emit(stage, kind, tally);
      try {
        return await running;
      } finally {
        if (outer === undefined) open.delete(key);
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
  };
}
