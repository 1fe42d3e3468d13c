/**
 * The sweep file: a base campaign plus a parameter space and the metric to optimise.
 *
 * ```yaml
 * base: ../default.yaml          # or an inline campaign mapping
 * grid: { acquisition.strategy: [greedy, random], campaign.batch: [10, 20] }   # product
 * zip:  [{ featurizer.kind: [morgan, atom-pair], featurizer.bits: [2048, 1024] }] # vary together
 * seeds: 3                        # or a list: [0, 7, 11]
 * metric: topk_scores
 * goal: maximize
 * concurrency: 2
 * campaign_tasks: auto            # each run in a worker thread when its config allows; always | never
 * ```
 */
import { z } from 'zod';
import { schedulingSchema } from '../scheduling/dispatch-policy.js';

const value = z.union([z.string(), z.number(), z.boolean(), z.null(), z.record(z.string(), z.unknown())]);
const keyPath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a key path like acquisition.strategy');
const values = z.array(value).min(1, 'must list at least one value');

const zipGroup = z
  .record(keyPath, values)
  .refine((g) => Object.keys(g).length > 0, 'a zip group needs at least one key')
  .refine(
    (g) => new Set(Object.values(g).map((v) => v.length)).size <= 1,
    'the lists of a zip group must have the same length',
  );

export const sweepSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
    .max(100)
    .optional(),
  /** A campaign config file (relative to the sweep file) or an inline campaign mapping. */
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  grid: z.record(keyPath, values).default({}),
  zip: z.union([zipGroup, z.array(zipGroup)]).default([]),
  /** A count (seeds base.seed, base.seed+1, …) or an explicit list. */
  seeds: z.union([z.int().min(1).max(100_000), z.array(z.int().min(0)).min(1)]).default(1),
  metric: z.string().min(1).default('topk_scores'),
  goal: z.enum(['maximize', 'minimize']).default('maximize'),
  /** Campaigns running at once (they share one worker pool). */
  concurrency: z.int().min(1).max(64).default(2),
  /** Worker threads of the shared pool; null: one per CPU. */
  workers: z.int().min(1).max(1024).nullable().default(null),
  /**
   * Each run as a campaign task: its whole campaign (engine work included) in one of `workers` worker
   * threads, instead of on the main thread over the shared engine pool, so that the runs' orchestration
   * (transitions, checkpoints, status pages) is spread over the threads. `auto` (default): when the run's
   * config needs nothing only the engine pool gives (a remote executor, a command or manual oracle, `inject.*`,
   * `limits.*.memory_mb`; see src/sweep/campaign-task-mode.ts), `always`: refuse a base config that does,
   * `never`: the engine pool. Results are the same either way.
   */
  campaign_tasks: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Which parameters the comparison plots use; defaults from the grid's keys. */
  plots: z
    .strictObject({
      x: keyPath.optional(),
      y: keyPath.optional(),
      facet: keyPath.optional(),
      curves: keyPath.optional(),
    })
    .prefault({}),
  scheduling: schedulingSchema,
});

export type SweepSpec = z.output<typeof sweepSchema>;
export type SweepValue = z.output<typeof value>;
