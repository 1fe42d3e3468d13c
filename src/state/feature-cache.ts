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
import { SmilesStore } from '../shared/smiles-store.js';
import type { InjectedFailure } from '../shared/tasks.js';
import type { Exec } from '../pool/executor.js';
import { range } from '../pool/supervisor.js';
import { createFeatureAssembler, type FeatureAssembler } from './assemble-features.js';
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
/** The smallest tail chunk, as a share of the full one. */
const TAIL_DIVISOR = 8;
/** Chunks per thread that the remaining molecules are cut into once they are few (guided scheduling). */
const TAIL_CHUNKS_PER_THREAD = 4;

/**
 * Where the chunks of `molecules` start and end: full chunks while the rest is large, then chunks of the
 * remaining molecules over `threads x 4`, down to an eighth of a full one: with full chunks to the end,
 * one thread can sit idle for up to a chunk's time while another finishes the last one, and the tapered
 * tail ends the threads within a small chunk of each other. A row's features do not depend on its chunk, so
 * the plan changes nothing but the time.
 */
export function chunkPlan(molecules: number, full: number, threads: number): { start: number; end: number }[] {
  const min = Math.max(1, Math.floor(full / TAIL_DIVISOR));
  const share = Math.max(1, threads) * TAIL_CHUNKS_PER_THREAD;
  const plan: { start: number; end: number }[] = [];
  for (let start = 0; start < molecules; ) {
    const size = Math.min(full, Math.max(min, Math.ceil((molecules - start) / share)));
    const end = Math.min(molecules, start + size);
    plan.push({ start, end });
    start = end;
  }
  return plan;
}
/** Chunks in flight per featurize thread: enough to keep every worker busy while results are copied. */
const IN_FLIGHT_PER_THREAD = 3;

/** The SMILES' digest is of `smiles.join('\n')`, as when the pool was a string array (old caches still hit). */
export function featuresKey(smiles: SmilesStore | readonly string[], spec: FeaturizerSpec): string {
  const digest = smiles instanceof SmilesStore ? smiles.sha256() : sha256(smiles.join('\n'));
  return sha256Json({ v: 1, spec: hashedSpec(spec), smiles: digest });
}

/** Failure injection for featurize tasks: what to inject into an attempt over these molecules. */
export type FeaturizeInjector = (items: readonly number[], attempt: number) => InjectedFailure | undefined;

/**
 * Featurizes `smiles` on the pool, in chunks, each supervised (retried, split around bad input), each
 * copied into the matrix as it ends. Every chunk is registered at once (the progress line knows the
 * total), but at most a few per thread build their task (the chunk's SMILES as JS strings) and wait in
 * the pool at a time, so a 2M-molecule pool never has all its SMILES as strings at once.
 */
async function featurizeOnPool(
  smiles: SmilesStore,
  spec: FeaturizerSpec,
  exec: Exec,
  into: FeatureAssembler,
  inject?: FeaturizeInjector,
): Promise<void> {
  const chunk = spec.kind === 'descriptors' ? CHUNK.dense : CHUNK.bits;
  await exec.call('featurize', 'featurize', async (record) => {
    const threads = exec.threads('featurize');
    const gate = createGate(Math.max(1, threads * IN_FLIGHT_PER_THREAD));
    const chunks: Promise<void>[] = [];
    for (const { start, end } of chunkPlan(smiles.length, chunk, threads)) {
      const items = range(start, end);
      const done = exec.supervise('featurize', 'featurize', items, async (its, ctx) => {
        await gate.acquire();
        try {
          const injected = inject?.(its, ctx.attempt);
          const task = {
            type: 'featurize',
            smiles: its.map((i) => smiles.get(i)),
            spec,
            ...(injected ? { inject: injected } : {}),
          } as const;
          const r = await exec.run('featurize', task, ctx.signal);
          record(r.stats);
          return { value: r.value, heapUsed: r.stats.heapUsed };
        } finally {
          gate.release();
        }
      });
      chunks.push(done.then((result) => into.absorb(result)));
    }
    await Promise.all(chunks);
  });
}

/** A counting semaphore: at most `slots` holders at once, the others wait in order. */
function createGate(slots: number): { acquire(): Promise<void>; release(): void } {
  let free = slots;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/** Features by content hash: from memory, the cache file under `dir`, or the pool. */
export interface FeatureStore {
  readonly dir: string;
  /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
  get(smiles: SmilesStore, spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector): Promise<Features>;
}

/** @param onCorrupt told when a cached entry is damaged and recomputed (a notice of the run). */
export function createFeatureStore(dir: string, onCorrupt: (message: string) => void = () => undefined): FeatureStore {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, Promise<Features>>();
  // The key hashes the whole SMILES list, and every stage asks for the features: remember it per list
  // (the dataset's array, never mutated) and spec, or hashing alone costs a visible share of the main
  // thread's time on a large pool (see bench/README.md).
  const keys = new WeakMap<SmilesStore, Map<string, string>>();
  const keyOf = (smiles: SmilesStore, spec: FeaturizerSpec): string => {
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
    smiles: SmilesStore,
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
    const assembler = createFeatureAssembler(smiles, spec);
    await featurizeOnPool(smiles, spec, exec, assembler, inject);
    const { matrix, valid, errors, complete } = assembler.finish(exec.maxFailureRate);
    // Only complete, failure-free results are cached: a transient failure must not outlive its run.
    if (complete) writeFeatureFile(file, matrix, valid, errors);
    return { key, matrix, valid, errors, fromCache: false, file };
  }

  return {
    dir,
    /** The features of `smiles` under `spec`, from memory, the cache file, or the pool. */
    get(smiles: SmilesStore, spec: FeaturizerSpec, exec: Exec, inject?: FeaturizeInjector): Promise<Features> {
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
