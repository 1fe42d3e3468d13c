/**
 * Featurization through the worker pool, cached by content hash.
 *
 * The key is sha256 over the featurizer spec and the exact SMILES list, so a resumed or repeated
 * campaign (or another campaign over the same pool) reads the matrix back instead of featurizing again.
 * Matrices are assembled on SharedArrayBuffers: workers that train and predict read them without a copy.
 *
 * File format: see feature-file.ts.
 */
import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeDigestedFile } from '../shared/digest-file.js';
import { coerceError } from '../shared/errors.js';
import { hashedSpec, type FeatureMatrix, type FeaturizerSpec } from '../shared/features.js';
import { canonicalJson, sha256, sha256Json } from '../shared/hash.js';
import type { InjectedFailure } from '../shared/tasks.js';
import type { Exec } from '../pool/executor.js';
import { range } from '../pool/supervisor.js';
import { assembleFeatures } from './assemble-features.js';
import { readFeatureFile, writeFeatureFile, type FeatureError } from './feature-file.js';

export interface Features {
  readonly key: string;
  readonly matrix: FeatureMatrix;
  /** 1 where RDKit parsed the SMILES. */
  readonly valid: Uint8Array;
  readonly errors: readonly FeatureError[];
  readonly fromCache: boolean;
  readonly file: string;
}

/** Molecules per worker task: small enough to spread over the pool, large enough to amortise dispatch. */
const CHUNK = { bits: 2048, dense: 256 } as const;

export function featuresKey(smiles: readonly string[], spec: FeaturizerSpec): string {
  return sha256Json({ v: 1, spec: hashedSpec(spec), smiles: sha256(smiles.join('\n')) });
}

/** Failure injection for featurize tasks: what to inject into an attempt over these molecules. */
export type FeaturizeInjector = (items: readonly number[], attempt: number) => InjectedFailure | undefined;

/** Featurizes `smiles` on the pool, in chunks, each supervised (retried, split around bad input). */
function featurizeOnPool(smiles: readonly string[], spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector) {
  const chunk = spec.kind === 'descriptors' ? CHUNK.dense : CHUNK.bits;
  const chunks: number[][] = [];
  for (let s = 0; s < smiles.length; s += chunk) chunks.push(range(s, Math.min(smiles.length, s + chunk)));
  return exec.call('featurize', 'featurize', (record) =>
    Promise.all(
      chunks.map((items) =>
        exec.supervise('featurize', 'featurize', items, async (its, ctx) => {
          const injected = inject?.(its, ctx.attempt);
          const r = await exec.run(
            'featurize',
            {
              type: 'featurize',
              smiles: its.map((i) => smiles[i] ?? ''),
              spec,
              ...(injected ? { inject: injected } : {}),
            },
            ctx.signal,
          );
          record(r.stats);
          return { value: r.value, heapUsed: r.stats.heapUsed };
        }),
      ),
    ),
  );
}

/** Features by content hash: from memory, the cache file under `dir`, or the pool. */
export interface FeatureStore {
  readonly dir: string;
  /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
  get(smiles: readonly string[], spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector): Promise<Features>;
}

/** @param onCorrupt told when a cached entry is damaged and recomputed (a notice of the run). */
export function createFeatureStore(dir: string, onCorrupt: (message: string) => void = () => undefined): FeatureStore {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, Promise<Features>>();
  // The key hashes the whole SMILES list, and every stage asks for the features: remember it per list
  // (the dataset's array, never mutated) and spec, or hashing alone costs a visible share of the main
  // thread's time on a large pool (see bench/README.md).
  const keys = new WeakMap<readonly string[], Map<string, string>>();
  const keyOf = (smiles: readonly string[], spec: FeaturizerSpec): string => {
    let bySpec = keys.get(smiles);
    if (bySpec === undefined) {
      bySpec = new Map();
      keys.set(smiles, bySpec);
    }
    const specKey = canonicalJson(spec);
    let key = bySpec.get(specKey);
    if (key === undefined) {
      key = featuresKey(smiles, spec);
      bySpec.set(specKey, key);
    }
    return key;
  };

  async function compute(
    key: string,
    smiles: readonly string[],
    spec: FeaturizerSpec,
    exec: Exec,
    inject?: FeaturizeInjector,
  ): Promise<Features> {
    const file = join(dir, `${key}.bin`);
    if (existsSync(file)) {
      try {
        return { key, ...readFeatureFile(file), fromCache: true, file };
      } catch (error) {
        const e = coerceError(error);
        if (e.code !== 'BAD_DATA') throw e;
        // A cache, not state: a damaged entry is computed again, and the user is told.
        onCorrupt(`warning: ${e.message}; featurizing again`);
        removeDigestedFile(file);
      }
    }
    const results = await featurizeOnPool(smiles, spec, exec, inject);
    const { matrix, valid, errors, complete } = assembleFeatures(results, smiles, spec, exec.maxFailureRate);
    // Only complete, failure-free results are cached: a transient failure must not outlive its run.
    if (complete) writeFeatureFile(file, matrix, valid, errors);
    return { key, matrix, valid, errors, fromCache: false, file };
  }

  return {
    dir,
    /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
    get(smiles: readonly string[], spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector): Promise<Features> {
      const key = keyOf(smiles, spec);
      let pending = memo.get(key);
      if (pending === undefined) {
        pending = compute(key, smiles, spec, exec, inject);
        memo.set(key, pending);
        // A failed or aborted computation must not poison the memo.
        pending.catch(() => memo.delete(key));
      }
      return pending;
    },
  };
}
