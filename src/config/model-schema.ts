/**
 * The `model` section: a discriminated union on `kind`. A section without `kind` is a random forest, so
 * configs written before the other kinds existed parse (and hash) as before.
 */
import { z } from 'zod';

export const MODEL_KINDS = ['random-forest', 'ml-random-forest', 'mlp'] as const;

/** The forest keys, shared by both forest kinds. */
const forestKeys = {
  trees: z.int().min(1).max(10_000).default(100),
  /** `null`: unlimited depth. */
  max_depth: z.int().min(1).nullable().default(8),
  max_features: z
    .union([z.number().gt(0).lte(1), z.enum(['sqrt', 'log2'])], {
      error: "expected a fraction in (0, 1] or 'sqrt' | 'log2'",
    })
    .default(1.0),
  min_samples_leaf: z.int().min(1).default(1),
  bootstrap: z.boolean().default(true),
};

/** Today's forest: presorted CART for dense features, the bit forest for fingerprints. */
const randomForestSchema = z.strictObject({
  kind: z.literal('random-forest').default('random-forest'),
  ...forestKeys,
});

/** The same keys; dense features train with ml-random-forest's engine (bit features as `random-forest`). */
const mlRandomForestSchema = z.strictObject({
  kind: z.literal('ml-random-forest'),
  ...forestKeys,
});

/**
 * MolPAL's feed-forward network (src/engines/mlp). The defaults are the engine's DEFAULT_MLP_PARAMS
 * (checked by test/config/model-schema.test.ts).
 */
const mlpSchema = z.strictObject({
  kind: z.literal('mlp'),
  /** Widths of the hidden ReLU layers, input side first. */
  hidden: z.array(z.int().min(1).max(65_536)).min(1).default([100, 100]),
  epochs: z.int().min(0).max(100_000).default(50),
  batch_size: z.int().min(1).default(4096),
  lr: z.number().gt(0).default(0.01),
  l2: z.number().min(0).default(0.01),
  /** Early stopping: validation checks without improvement before training stops. */
  patience: z.int().min(1).default(5),
  /** Share of the training rows held out for early stopping; 0 trains on all of them without stopping. */
  validation_fraction: z.number().min(0).lt(1).default(0.2),
  check_every: z.int().min(1).default(2),
  /** Dropout after each hidden layer, in training and in Monte-Carlo prediction; 0 disables it. */
  dropout: z.number().min(0).lt(1).default(0),
  /** Monte-Carlo dropout passes per member at prediction (used only with dropout > 0). */
  mc_passes: z.int().min(1).max(1000).default(10),
  /** Independently initialised networks; their spread is the uncertainty. */
  ensemble: z.int().min(1).max(1000).default(1),
});

export const modelSchema = z
  .discriminatedUnion('kind', [randomForestSchema, mlRandomForestSchema, mlpSchema], {
    error: `expected model.kind to be one of ${MODEL_KINDS.join(' | ')}`,
  })
  .prefault({});

export type ModelConfig = z.output<typeof modelSchema>;
export type ForestModelConfig = Extract<ModelConfig, { kind: 'random-forest' | 'ml-random-forest' }>;
export type MlpModelConfig = Extract<ModelConfig, { kind: 'mlp' }>;

/** Whether a model gives an uncertainty: a forest always, a network with several members or dropout. */
export function hasUncertainty(model: ModelConfig): boolean {
  return model.kind !== 'mlp' || model.ensemble > 1 || model.dropout > 0;
}

export function isForestModel(model: ModelConfig): model is ForestModelConfig {
  return model.kind === 'random-forest' || model.kind === 'ml-random-forest';
}
