/**
 * The campaign config schema: the single source of the config types.
 *
 * Validate once, at the edge: `loadConfig` parses raw YAML input with this schema and hands the
 * engines a resolved `CampaignConfig` (every default filled in, the oracle chosen, dataset paths
 * absolute). Engines trust it and never re-validate. `CampaignConfigInput` is what a user may write;
 * `CampaignConfig` is what the rest of Alcove reads.
 */
import { z } from 'zod';
import { acquisitionSchema } from './acquisition-schema.js';
import { datasetFileSchema, datasetFilesSchema, subsampleSchema } from './dataset-schema.js';
import { initialFromSchema } from './initial-from-schema.js';
import { executorSchema } from './executor-schema.js';
import { injectSchema, limitsSchema } from './limits-schema.js';
import { hasUncertainty, modelSchema } from './model-schema.js';
import { type commandOracleSchema, type manualOracleSchema, oracleSchema } from './oracle-schema.js';
import { AlcoveError } from '../shared/errors.js';
import { DEFAULT_MAX_ATOMS } from '../shared/features.js';

export const BUILTIN_DATASETS = ['amide-library', 'library-2m'] as const;
/** Built-ins whose file carries a computed `score` column, looked up by the default (lookup) oracle. */
const SCORED_BUILTINS: readonly string[] = ['library-2m'];
export const TASKS = ['regression', 'classification'] as const;
export const OBJECTIVES = ['maximize', 'minimize'] as const;
export { ACQUISITION_STRATEGIES, INCUMBENT_RULES } from './acquisition-schema.js';
/** Strategies that read the model's uncertainty (std); the others rank by the mean alone. */
export const UNCERTAINTY_STRATEGIES: readonly string[] = ['ucb', 'uncertainty', 'thompson', 'ei', 'pi', 'threshold'];
export const FEATURIZER_KINDS = ['morgan', 'atom-pair', 'descriptors'] as const;
export { ORACLE_KINDS } from './oracle-schema.js';

/** Campaign names become folder names under `state/`, so they stay filesystem-safe. */
export const CAMPAIGN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A size given as a fraction of the pool (0 < x < 1, rounded up) or as a count (an integer >= 1). */
const countSpec = z
  .number()
  .gt(0)
  .refine((v) => v < 1 || Number.isInteger(v), {
    message: 'a count (>= 1) must be an integer; use a value below 1 for a fraction of the pool',
  });

const datasetBuiltinSchema = z.strictObject({
  builtin: z.enum(BUILTIN_DATASETS),
  subsample: subsampleSchema,
});

const datasetSchema = z.union([datasetFileSchema, datasetFilesSchema, datasetBuiltinSchema], {
  error:
    'expected either a CSV file { path: data.csv, smiles_column: ..., label_column: ... }, ' +
    'several files { paths: [a.csv.gz, b.csv.gz], ... } ' +
    'or { builtin: amide-library } or { builtin: library-2m }',
});

const fingerprintBits = z.int().min(8).max(65536);

/** Molecules with more heavy atoms are bad input (invalid), not fingerprinted. */
const maxAtoms = z.int().min(1).default(DEFAULT_MAX_ATOMS);

const morganSchema = z.strictObject({
  kind: z.literal('morgan'),
  radius: z.int().min(0).max(8).default(2),
  bits: fingerprintBits.default(2048),
  max_atoms: maxAtoms,
});

const atomPairSchema = z
  .strictObject({
    kind: z.literal('atom-pair'),
    bits: fingerprintBits.default(2048),
    min_length: z.int().min(1).max(30).default(1),
    max_length: z.int().min(1).max(30).default(3),
    max_atoms: maxAtoms,
  })
  .refine((f) => f.min_length <= f.max_length, {
    message: 'must be >= min_length',
    path: ['max_length'],
  });

const descriptorsSchema = z.strictObject({
  kind: z.literal('descriptors'),
  /** RDKit descriptor names; all of the featurizer's default set when left out. */
  names: z.array(z.string().min(1)).min(1).optional(),
  max_atoms: maxAtoms,
});

const featurizerSchema = z
  .discriminatedUnion('kind', [morganSchema, atomPairSchema, descriptorsSchema])
  .prefault({ kind: 'morgan' });

/** MolPAL's convergence rule over `explored_topk_mean` (see strategies/stopping.ts). */
const convergenceSchema = z.strictObject({
  window: z.int().min(1).default(3),
  delta: z.number().min(0).default(0.01),
});

const campaignSchema = z
  .strictObject({
    initial: countSpec.default(0.01),
    initial_from: initialFromSchema.nullable().default(null),
    /** One size for every generation, or a schedule: entry g-1 for generation g, the last one repeating. */
    batch: z.union([countSpec, z.array(countSpec).min(1, 'a batch schedule needs at least one size')]).default(0.01),
    generations: z.int().min(0).max(100_000).default(5),
    /** Oracle calls the campaign may make (a count, or a fraction of the pool below 1); null: no limit. */
    budget: countSpec.nullable().default(null),
    /** A label at least this good (per `objective`) is a hit, counted each round; null: not counted. */
    hit_threshold: z.number().nullable().default(null),
    convergence: convergenceSchema.nullable().default(null),
    /** Rows of `predictions/generation-N.csv`: the best of the pool by acquisition score. */
    export_top: z.int().min(0).default(1000),
    /** `null`: 1% of the pool, at least 1 (see `resolveTopK`). */
    top_k: z.int().min(1).nullable().default(null),
    test_fraction: z.number().min(0).lt(0.9).default(0),
    patience: z.int().min(0).default(0),
    min_delta: z.number().min(0).default(0),
  })
  .prefault({});

const failuresSchema = z
  .strictObject({
    /** A batch whose share of failed oracle calls exceeds this fails the campaign (retryable). */
    max_rate: z.number().min(0).max(1).default(0.5),
  })
  .prefault({});

const campaignObjectSchema = z.strictObject({
  name: z
    .string()
    .max(100)
    .regex(CAMPAIGN_NAME_PATTERN, 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"')
    .default('default'),
  seed: z.int().min(0).default(0),
  dataset: datasetSchema,
  task: z.enum(TASKS).default('regression'),
  objective: z.enum(OBJECTIVES).default('maximize'),
  featurizer: featurizerSchema,
  model: modelSchema,
  acquisition: acquisitionSchema,
  /** Left out: `desirability` for a built-in dataset, `lookup` for a CSV file. */
  oracle: oracleSchema.optional(),
  campaign: campaignSchema,
  failures: failuresSchema,
  limits: limitsSchema,
  /** Where the work runs (see executor-schema.ts); local by default. */
  executor: executorSchema,
  inject: injectSchema,
  /** Worker threads; `null`: one per CPU (see `resolveWorkers`). */
  workers: z.int().min(1).max(1024).nullable().default(null),
});

type DatasetOutput = z.output<typeof datasetSchema>;
type OracleOutput = z.output<typeof oracleSchema>;

function defaultOracle(dataset: DatasetOutput): OracleOutput {
  if (!('builtin' in dataset)) return { kind: 'lookup' };
  return SCORED_BUILTINS.includes(dataset.builtin) ? { kind: 'lookup' } : { kind: 'desirability' };
}

export const campaignConfigSchema = campaignObjectSchema
  .superRefine((c, ctx) => {
    const oracle = c.oracle ?? defaultOracle(c.dataset);
    if (oracle.kind === 'lookup') {
      if ('builtin' in c.dataset) {
        if (!SCORED_BUILTINS.includes(c.dataset.builtin)) {
          ctx.addIssue({
            code: 'custom',
            path: ['oracle', 'kind'],
            message: `the built-in ${c.dataset.builtin} has no labels to look up; use oracle: { kind: desirability }`,
          });
        }
      } else if (c.dataset.label_column === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['dataset', 'label_column'],
          message:
            'required by the lookup oracle (it reads the labels from this column); ' +
            'name the label column or use oracle: { kind: desirability }',
        });
      }
    }
    if (UNCERTAINTY_STRATEGIES.includes(c.acquisition.strategy) && !hasUncertainty(c.model)) {
      ctx.addIssue({
        code: 'custom',
        path: ['acquisition', 'strategy'],
        message:
          `${c.acquisition.strategy} needs the model's uncertainty, but a single network without dropout has none; ` +
          'set model.ensemble above 1 or model.dropout above 0, or use a forest',
      });
    }
    if (c.acquisition.prune?.uncertainty === 'model' && !hasUncertainty(c.model)) {
      ctx.addIssue({
        code: 'custom',
        path: ['acquisition', 'prune', 'uncertainty'],
        message:
          "acquisition.prune.uncertainty 'model' needs the model's own std, but a single network without dropout " +
          "has none; use 'calibrated' (the RMS of its errors at acquisition), set model.ensemble above 1 or " +
          'model.dropout above 0, or use a forest',
      });
    }
    if (c.task === 'classification' && oracle.kind !== 'lookup') {
      ctx.addIssue({
        code: 'custom',
        path: ['task'],
        message:
          'classification needs 0/1 labels from a lookup oracle; ' +
          `the ${oracle.kind} oracle gives continuous scores`,
      });
    }
  })
  .transform((c) => ({ ...c, oracle: c.oracle ?? defaultOracle(c.dataset) }));

/** What a user may write (every field with a default is optional). */
export type CampaignConfigInput = z.input<typeof campaignConfigSchema>;
/** The resolved config the engines read. */
export type CampaignConfig = z.output<typeof campaignConfigSchema>;
export type DatasetConfig = CampaignConfig['dataset'];
export type DatasetFileConfig = z.output<typeof datasetFileSchema>;
export type DatasetFilesConfig = z.output<typeof datasetFilesSchema>;
export type BuiltinDatasetConfig = z.output<typeof datasetBuiltinSchema>;
export type FeaturizerConfig = CampaignConfig['featurizer'];
export type { ForestModelConfig, MlpModelConfig, ModelConfig } from './model-schema.js';
export { hasUncertainty, isForestModel, MODEL_KINDS } from './model-schema.js';
export type AcquisitionConfig = CampaignConfig['acquisition'];
export type AcquisitionStrategy = AcquisitionConfig['strategy'];
export type OracleConfig = CampaignConfig['oracle'];
export type CommandOracleConfig = z.output<typeof commandOracleSchema>;
export type ManualOracleConfig = z.output<typeof manualOracleSchema>;
export type CampaignSettings = CampaignConfig['campaign'];
export type InitialFrom = NonNullable<CampaignSettings['initial_from']>;
export type FailureSettings = CampaignConfig['failures'];
export type Task = CampaignConfig['task'];
export type Objective = CampaignConfig['objective'];

export function isBuiltinDataset(dataset: DatasetConfig): dataset is BuiltinDatasetConfig {
  return 'builtin' in dataset;
}

export function isDatasetFile(dataset: DatasetConfig): dataset is DatasetFileConfig {
  return 'path' in dataset;
}

export function isDatasetFiles(dataset: DatasetConfig): dataset is DatasetFilesConfig {
  return 'paths' in dataset;
}

/**
 * A batch size from its spec: a fraction of the pool (0 < spec < 1) is rounded up, a count
 * (an integer >= 1) is taken as is. The product is snapped to the nearest integer when it is within
 * floating-point noise of it, so that 0.07 x 100 is 7, not 8.
 */
export function resolveCount(spec: number, poolSize: number): number {
  if (!Number.isInteger(poolSize) || poolSize < 0) {
    throw new AlcoveError('BAD_INPUT', `pool size must be an integer >= 0, got ${poolSize}`);
  }
  if (!Number.isFinite(spec) || spec <= 0) {
    throw new AlcoveError('BAD_CONFIG', `a count must be a fraction in (0, 1) or an integer >= 1, got ${spec}`);
  }
  if (spec >= 1) {
    if (!Number.isInteger(spec)) {
      throw new AlcoveError('BAD_CONFIG', `a count >= 1 must be an integer, got ${spec}`);
    }
    return spec;
  }
  const exact = spec * poolSize;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
}

/**
 * Size of the true top set used to score a campaign: `campaign.top_k`, or 1% of the pool (rounded
 * up, at least 1) when it is null; never more than the pool (0 for an empty pool).
 */
export function resolveTopK(config: Pick<CampaignConfig, 'campaign'>, poolSize: number): number {
  const k = config.campaign.top_k ?? Math.max(1, resolveCount(0.01, poolSize));
  return Math.min(k, poolSize);
}

/** Worker threads: `workers`, or `cpus` (pass `os.availableParallelism()`) when null; at least 1. */
export function resolveWorkers(workers: number | null, cpus: number): number {
  return Math.max(1, workers ?? Math.floor(cpus));
}
