/**
 * Where a campaign's work runs: `executor:` in the campaign config.
 *
 * One spec for every stage (`executor: { kind: slurm, ... }`), or one per stage with a default
 * (`executor: { default: { kind: local }, oracle: { kind: slurm, ... } }`). The executor changes where and
 * how fast work runs, never its results, so it is left out of the config hash: a campaign may resume on
 * another executor.
 */
import { z } from 'zod';

const localExecutorSchema = z.strictObject({ kind: z.literal('local') });

const slurmExecutorSchema = z.strictObject({
  kind: z.literal('slurm'),
  partition: z.string().min(1).nullable().default(null),
  account: z.string().min(1).nullable().default(null),
  /** Wall time per array task, in minutes (sbatch --time); a fraction asks for seconds (0.5: 0:30). */
  time: z
    .number()
    .min(1 / 60)
    .default(60),
  mem_mb: z.int().min(16).default(1024),
  cpus_per_task: z.int().min(1).default(1),
  /** Array tasks of one submission that run at once (sbatch --array=0-N%P); null: SLURM decides. */
  array_parallelism: z.int().min(1).nullable().default(null),
  /** Passed to sbatch as they are, after Alcove's own options. */
  extra_args: z.array(z.string()).default([]),
  /** A retry after `oom` or `timeout` doubles memory or time, up to these caps. */
  max_mem_mb: z.int().min(16).nullable().default(null),
  max_time: z
    .number()
    .min(1 / 60)
    .nullable()
    .default(null),
  /** Seconds between two `squeue` polls of the whole campaign. */
  poll_s: z.number().positive().default(2),
  /** On the first SIGINT/SIGTERM let running jobs finish (the resume collects them) instead of scancel. */
  keep_on_interrupt: z.boolean().default(false),
});

const bullmqExecutorSchema = z.strictObject({
  kind: z.literal('bullmq'),
  redis: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  queue: z.string().min(1).default('alcove'),
  /** Results above this many bytes go by reference through the shared state folder, not through Redis. */
  inline_limit_bytes: z
    .int()
    .min(0)
    .default(256 * 1024),
  /** On the first SIGINT/SIGTERM leave queued and running jobs (the resume collects them). */
  keep_on_interrupt: z.boolean().default(false),
});

export const executorSpecSchema = z.discriminatedUnion('kind', [
  localExecutorSchema,
  slurmExecutorSchema,
  bullmqExecutorSchema,
]);

export const EXECUTOR_STAGES = ['featurize', 'train', 'evaluate', 'explore', 'oracle'] as const;

const perStageSchema = z.strictObject({
  default: executorSpecSchema.prefault({ kind: 'local' }),
  featurize: executorSpecSchema.nullable().default(null),
  train: executorSpecSchema.nullable().default(null),
  evaluate: executorSpecSchema.nullable().default(null),
  explore: executorSpecSchema.nullable().default(null),
  oracle: executorSpecSchema.nullable().default(null),
});

/** Either form in; out, always the per-stage form (`default` plus overrides, null: the default). */
export const executorSchema = z
  .union([executorSpecSchema.transform((spec) => perStageSchema.parse({ default: spec })), perStageSchema])
  .prefault({ kind: 'local' });

export type ExecutorSpec = z.output<typeof executorSpecSchema>;
export type SlurmExecutorSpec = z.output<typeof slurmExecutorSchema>;
export type BullmqExecutorSpec = z.output<typeof bullmqExecutorSchema>;
export type ExecutorConfig = z.output<typeof executorSchema>;
export type ExecutorStage = (typeof EXECUTOR_STAGES)[number];

/** The spec that runs `stage`'s work. */
export function executorFor(config: ExecutorConfig, stage: ExecutorStage): ExecutorSpec {
  return config[stage] ?? config.default;
}
