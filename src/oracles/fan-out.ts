/**
 * The oracle fan-out: a batch cut into chunks of `chunk` molecules, up to `parallel` chunks labeled at once.
 *
 * - A chunk that ends in `timeout`, `crash` or `oom` is split down to single molecules (one more attempt
 *   each), so only the molecule at fault fails; a single molecule that fails so is tried again while its
 *   attempt is at most `retries`. `error` and `bad_input` are the oracle's verdict and are not retried.
 * - `lost` (a remote chunk whose node failed) runs again whole while its attempt is at most `retries`.
 * - `interrupted` stops the fan-out: no new chunk starts, the chunks in flight end (they share the abort
 *   signal), their results are reported, and the call rejects with `ABORTED`.
 * - Each chunk's results go to `onResults` as they arrive (the oracle journal appends and fsyncs them),
 *   one call after another in arrival order; the fan-out resolves once every call has settled.
 * - The answer is keyed by pool index, so its order never depends on which chunk finished first.
 */
import { AlcoveError, coerceError } from '../shared/errors.js';
import type { TaskClass } from '../shared/vocabulary.js';

/** What one run of the oracle on a chunk gave. */
export interface ChunkOutcome {
  readonly class: TaskClass;
  /** Aligned with the chunk's items; only read when `class` is `ok` (null: no usable score for that one). */
  readonly values: readonly (number | null)[];
  readonly message: string;
  readonly ms: number;
}

/** One molecule's result: its value (or null) and how its last attempt ended. */
export interface OracleResult {
  readonly index: number;
  readonly value: number | null;
  readonly class: TaskClass;
  readonly attempt: number;
  /** Its share of the chunk's wall time. */
  readonly seconds: number;
}

export interface FanOutOptions {
  /** Molecules per chunk (at least 1). */
  readonly chunk: number;
  /** Chunks labeled at once (at least 1). */
  readonly parallel: number;
  /** Attempts a single molecule may have after its first one, for `timeout`, `crash`, `oom`. */
  readonly retries: number;
}

/** Labels one chunk (attempt: 1-based, per molecule). Never rejects for an oracle failure: it classifies. */
export type ChunkRunner = (items: readonly number[], attempt: number) => Promise<ChunkOutcome>;

export type ResultSink = (results: readonly OracleResult[]) => Promise<void> | void;

const SPLIT: ReadonlySet<TaskClass> = new Set(['timeout', 'crash', 'oom']);

interface Job {
  readonly items: readonly number[];
  readonly attempt: number;
}

export function chunksOf(items: readonly number[], size: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < items.length; s += size) out.push(items.slice(s, s + size));
  return out;
}

/** What to do after a chunk: retry jobs to queue first, or final results. */
function afterChunk(job: Job, out: ChunkOutcome, retries: number): { retry: Job[] } | { results: OracleResult[] } {
  if (SPLIT.has(out.class)) {
    if (job.items.length > 1) return { retry: job.items.map((i) => ({ items: [i], attempt: job.attempt + 1 })) };
    if (job.attempt <= retries) return { retry: [{ items: job.items, attempt: job.attempt + 1 }] };
  }
  // A lost chunk (its remote node failed) is not the molecules' fault: the whole chunk again.
  if (out.class === 'lost' && job.attempt <= retries) {
    return { retry: [{ items: job.items, attempt: job.attempt + 1 }] };
  }
  const seconds = out.ms / 1000 / Math.max(1, job.items.length);
  const ok = out.class === 'ok';
  return {
    results: job.items.map((index, j) => ({
      index,
      value: ok ? (out.values[j] ?? null) : null,
      class: out.class,
      attempt: job.attempt,
      seconds,
    })),
  };
}

export function fanOut(
  items: readonly number[],
  options: FanOutOptions,
  run: ChunkRunner,
  onResults: ResultSink = () => undefined,
): Promise<Map<number, OracleResult>> {
  const { chunk, parallel, retries } = options;
  if (!(Number.isInteger(chunk) && chunk >= 1 && Number.isInteger(parallel) && parallel >= 1)) {
    throw new AlcoveError('INTERNAL', `fanOut: chunk and parallel must be integers >= 1 (${chunk}, ${parallel})`);
  }
  const unique = [...new Set(items)];
  const queue: Job[] = chunksOf(unique, chunk).map((c) => ({ items: c, attempt: 1 }));
  const results = new Map<number, OracleResult>();
  let sink: Promise<void> = Promise.resolve();
  let running = 0;
  let interrupted: string | null = null;
  let failure: unknown = null;

  return new Promise((resolve, reject) => {
    const settle = () => {
      if (running > 0 || (queue.length > 0 && interrupted === null && failure === null)) return;
      sink.then(
        () => {
          if (failure !== null) reject(coerceError(failure));
          else if (interrupted !== null) reject(new AlcoveError('ABORTED', `oracle interrupted: ${interrupted}`));
          else resolve(results);
        },
        (error: unknown) => reject(coerceError(failure ?? error)),
      );
    };
    const finished = (job: Job, out: ChunkOutcome) => {
      if (out.class === 'interrupted') {
        interrupted ??= out.message;
        return;
      }
      const next = afterChunk(job, out, retries);
      if ('retry' in next) {
        queue.unshift(...next.retry);
        return;
      }
      for (const r of next.results) results.set(r.index, r);
      sink = sink.then(() => onResults(next.results));
      // A sink that fails (a full disk under the journal) stops the fan-out; settle() reports it.
      sink.catch((error: unknown) => {
        failure ??= error;
        settle();
      });
    };
    const pump = () => {
      while (running < parallel && queue.length > 0 && interrupted === null && failure === null) {
        const job = queue.shift() as Job;
        running += 1;
        run(job.items, job.attempt).then(
          (out) => {
            running -= 1;
            finished(job, out);
            pump();
          },
          (error: unknown) => {
            running -= 1;
            failure ??= error;
            pump();
          },
        );
      }
      settle();
    };
    pump();
  });
}
