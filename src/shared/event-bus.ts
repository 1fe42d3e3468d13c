/**
 * A typed event map for observability. Listeners (dashboard, progress lines, audit log) can never crash
 * a run: a throwing listener is reported once on stderr and the run goes on.
 */
export type Listener<T> = (payload: T) => void;

export interface EventBus<M extends object> {
  on<K extends keyof M>(name: K, listener: Listener<M[K]>): () => void;
  emit<K extends keyof M>(name: K, payload: M[K]): void;
}

export function createEventBus<M extends object>(
  onListenerError?: (error: unknown, name: string) => void,
): EventBus<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (set === undefined) return;
      for (const listener of set) {
        try {
          (listener as Listener<typeof payload>)(payload);
        } catch (error) {
          if (onListenerError) onListenerError(error, String(name));
          else
            process.emitWarning(`listener for '${String(name)}' failed: ${(error as Error).message ?? String(error)}`);
        }
      }
    },
  };
}
