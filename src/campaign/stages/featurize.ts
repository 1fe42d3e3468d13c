import type { FeaturizeInput, FeaturizeOutput } from '../../machine/campaign-types.js';
import type { StageDeps } from './stage-deps.js';

export type FeaturizeDeps = Pick<StageDeps, 'molecules' | 'executor' | 'features' | 'clock' | 'events'>;

/** Loads (or computes) the features; the molecules they could not be computed for are invalid. */
export async function featurize(
  deps: FeaturizeDeps,
  input: FeaturizeInput,
  signal: AbortSignal,
): Promise<FeaturizeOutput> {
  deps.events.emit('stage:start', { stage: 'featurize', generation: input.generation });
  const { clock } = deps;
  const t0 = clock.monotonic();
  const f = await deps.features.load(deps.executor.context(input.generation, signal));
  const seconds = (clock.monotonic() - t0) / 1000;
  const invalid: number[] = [];
  f.valid.forEach((ok, i) => {
    if (ok === 0) invalid.push(i);
  });
  deps.events.emit('stage:end', {
    stage: 'featurize',
    generation: input.generation,
    ms: seconds * 1000,
    detail: {
      molecules: deps.molecules,
      invalid: invalid.length,
      cache: f.fromCache ? 'hit' : 'computed',
      featurize_ms: seconds * 1000,
    },
  });
  return { invalid, seconds };
}
