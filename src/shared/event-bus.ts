/**
 * A typed event map for observability, emitted so that a failing listener (dashboard, progress lines,
 * audit log, bench) can never crash a run: a listener that throws, or returns a promise that rejects, is
 * reported once as a `notice` and the run goes on.
 */
import { coerceError } from './errors.js';

/** A listener may be async; its promise is not awaited, only watched for a rejection. */
export type Listener<T> = (payload: T) => void | Promise<void>;

/** Every event map has a `notice` channel: where the bus reports the failures of listeners. */
export interface NoticeEvents {
  readonly notice: { readonly message: string };
}

export interface EventBus<M extends NoticeEvents> {
  /** Listens to `name`; returns the function that stops listening. */
  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void;
  /** Calls the listeners of `name` in the order they subscribed, synchronously; never throws. */
  emit<K extends keyof M>(name: K, payload: M[K]): void;
}

export interface EventBusOptions {
  /**
   * Where the failure of a `notice` listener goes (reporting it as a notice could call the failing
   * listener again); default `process.emitWarning`.
   */
  readonly fallback?: (message: string) => void;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

export function createEventBus<M extends NoticeEvents>(options: EventBusOptions = {}): EventBus<M> {
  const fallback = options.fallback ?? ((message: string) => process.emitWarning(message));
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  // A listener that fails on every transition would otherwise repeat the same notice all run long.
  const reported = new Set<string>();

  const report = (name: keyof M, error: unknown) => {
    const message = `listener for '${String(name)}' failed: ${coerceError(error).message}`;
    if (reported.has(message)) return;
    reported.add(message);
    if (name === 'notice') fallback(message);
    else bus.emit('notice', { message });
  };

  const bus: EventBus<M> = {
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      const entry = listener as Listener<never>;
      set.add(entry);
      return () => set.delete(entry);
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (set === undefined) return;
      for (const listener of set) {
        try {
          const result = (listener as Listener<typeof payload>)(payload);
          if (isThenable(result)) void result.then(undefined, (error: unknown) => report(name, error));
        } catch (error) {
          report(name, error);
        }
      }
    },
  };
  return bus;
}
