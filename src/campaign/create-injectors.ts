/**
 * Failure injection (config `inject`), decided from the seed per task and first attempt only, so that
 * every injected failure is recoverable by its retry and a resumed campaign injects the same ones.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import { createRng, sampleIndices } from '../shared/rng.js';
import type { InjectedFailure } from '../shared/tasks.js';

export interface Injectors {
  /** Pool indices whose featurization is rejected as bad input (`inject.malformed_molecules`). */
  readonly malformed: ReadonlySet<number> | null;
  /** What to inject into an attempt over these molecules (a function property: passed on unbound). */
  readonly featurize: (items: readonly number[], attempt: number) => InjectedFailure | undefined;
  readonly train: (generation: number, trees: readonly number[], attempt: number) => InjectedFailure | undefined;
}

export function createInjectors(config: Pick<CampaignConfig, 'inject' | 'seed'>, poolSize: number): Injectors {
  const { inject, seed } = config;
  const malformed =
    inject.malformed_molecules > 0
      ? new Set(
          sampleIndices(
            poolSize,
            Math.min(poolSize, inject.malformed_molecules),
            createRng(seed, 'inject', 'malformed'),
          ),
        )
      : null;
  return {
    malformed,
    featurize(items, attempt) {
      const bad = malformed === null ? [] : items.flatMap((row, pos) => (malformed.has(row) ? [pos] : []));
      const oom =
        attempt === 1 &&
        inject.featurize_oom > 0 &&
        createRng(seed, 'inject', 'featurize-oom', items[0] ?? 0).next() < inject.featurize_oom;
      if (bad.length === 0 && !oom) return undefined;
      return { ...(bad.length > 0 ? { badItems: bad } : {}), ...(oom ? { oom: true } : {}) };
    },
    train(generation, trees, attempt) {
      if (attempt !== 1 || inject.train_timeout <= 0) return undefined;
      const hit = createRng(seed, 'inject', 'train-timeout', generation, trees[0] ?? 0).next() < inject.train_timeout;
      return hit ? { hangMs: 3_600_000 } : undefined;
    },
  };
}
