/**
 * JSON Schemas of the files a user writes, generated from the zod schemas (the only source of the config
 * types), for editors (`# yaml-language-server: $schema=...`) and `alcove schema`. They describe what may
 * be written (zod's input side: every key with a default is optional). Checks across keys (a lookup oracle
 * needs a label column, ...) stay zod's: a file the schema accepts can still be refused, with a message.
 */
import { z } from 'zod';
import { sweepSchema } from '../sweep/sweep-schema.js';
import { campaignConfigSchema } from './campaign-schema.js';
import { limitsSchema } from './limits-schema.js';

export const SCHEMA_KINDS = ['campaign', 'sweep', 'limits'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

type JsonSchema = Record<string, unknown>;

const TITLES: Record<SchemaKind, string> = {
  campaign: 'Alcove campaign config',
  sweep: 'Alcove sweep file',
  limits: 'Alcove per-stage limit profiles',
};

/** Hover text for the top-level keys of a campaign config (the nested keys explain themselves). */
const CAMPAIGN_KEYS: Record<string, string> = {
  name: 'campaign name (letters, digits, ".", "_", "-"); default: from the file name',
  seed: 'the campaign seed: every random choice is derived from it',
  dataset: 'the pool: a CSV (.csv or .csv.gz; path relative to this file) or a built-in library',
  task: 'regression or classification (0/1 labels)',
  objective: 'which end of the label is good',
  featurizer: 'how molecules become features: morgan, atom-pair or descriptors',
  model: 'the surrogate: random-forest, ml-random-forest or mlp',
  acquisition: 'how the next batch is chosen',
  oracle: 'what labels molecules: lookup (a dataset column), desirability (computed) or command (a program)',
  campaign: 'budget: initial batch, batch size, generations, top_k, test_fraction, stopping',
  failures: 'how much failed work a stage tolerates',
  limits: 'per-stage limit profiles, inline or a file name (e.g. limits.yaml, relative to this file)',
  inject: 'failure injection for demos and tests',
  workers: 'worker threads; null: one per CPU',
};

function generate(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
}

function campaignJsonSchema(): JsonSchema {
  const schema = generate(campaignConfigSchema);
  const properties = schema.properties as Record<string, JsonSchema>;
  // `limits: limits.yaml` names a file that load-config.ts reads before zod sees the config.
  const limits = properties.limits ?? {};
  properties.limits = { anyOf: [limits, { type: 'string', minLength: 1 }] };
  for (const [key, description] of Object.entries(CAMPAIGN_KEYS)) {
    const property = properties[key];
    if (property !== undefined) property.description = description;
  }
  return schema;
}

/** The JSON Schema (draft 2020-12) of one kind of file. */
export function configJsonSchema(kind: SchemaKind): JsonSchema {
  const body = kind === 'campaign' ? campaignJsonSchema() : generate(kind === 'sweep' ? sweepSchema : limitsSchema);
  const { $schema, ...rest } = body;
  return { $schema, title: TITLES[kind], ...rest };
}
