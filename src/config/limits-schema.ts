/**
 * Per-stage limit profiles and failure injection.
 *
 * Each stage runs its engine tasks under a profile `{ threads, memory_mb, timeout_s, retries, backoff_s }`:
 * memory through Piscina `resourceLimits` (V8 heap of the worker: one pool per distinct profile), runtime
 * through an abort signal per attempt, CPU through the pool's thread count. WebAssembly memory (RDKit) is not
 * capped by `resourceLimits`; RDKit work is bounded by batch size instead.
 */
import { z } from 'zod';

const profileSchema = z.strictObject({
  /** Worker threads for this stage's pool; null: the campaign's `workers` (one per CPU by default). */
  threads: z.int().min(1).max(1024).nullable().default(null),
  /** V8 heap cap per worker (MB); null: Node's default. */
  memory_mb: z.int().min(16).nullable().default(null),
  /** Runtime cap per task attempt (s); null: none. */
  timeout_s: z.number().positive().nullable().default(null),
  /** Retries after the first attempt. */
  retries: z.int().min(0).max(20).default(2),
  /** Delay before retry n: backoff_s × 2^(n-1). */
  backoff_s: z.number().min(0).default(0),
});

export type LimitProfile = z.output<typeof profileSchema>;

export const limitsSchema = z
  .strictObject({
    featurize: profileSchema.prefault({ timeout_s: 600 }),
    train: profileSchema.prefault({ timeout_s: 1800 }),
    evaluate: profileSchema.prefault({ timeout_s: 600 }),
    explore: profileSchema.prefault({ timeout_s: 600 }),
    oracle: profileSchema.prefault({ timeout_s: 600, retries: 1 }),
  })
  .prefault({});

export type Limits = z.output<typeof limitsSchema>;

/**
 * Failure injection for demos and tests. Every decision is drawn from the campaign seed, so an injected
 * campaign is as reproducible as any other; injected failures hit first attempts only, so they recover.
 */
export const injectSchema = z
  .strictObject({
    /**
     * Share of featurize tasks whose first attempt exhausts the worker heap (needs
     * limits.featurize.memory_mb; 256 MB is used when unset).
     */
    featurize_oom: z.number().min(0).max(1).default(0),
    /** Molecules (a count) that make the featurizer reject its batch as bad input; they are dropped and reported. */
    malformed_molecules: z.int().min(0).default(0),
    /** Share of train tasks whose first attempt hangs past the timeout (needs limits.train.timeout_s). */
    train_timeout: z.number().min(0).max(1).default(0),
    /** Share of oracle calls that fail (no label; budget spent). */
    oracle_failure_rate: z.number().min(0).max(1).default(0),
  })
  .prefault({});

export type Inject = z.output<typeof injectSchema>;
