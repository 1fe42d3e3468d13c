/**
 * The JSON Schemas `alcove schema` prints and `schema/` holds (kept equal by test/cli/schemas.test.ts): the
 * files a user writes (campaign, sweep, limits; from the config's zod schemas) and what `status --json`
 * prints (from the status view's zod schema).
 */
import { z } from 'zod';
import { configJsonSchema, SCHEMA_KINDS as CONFIG_KINDS } from '../config/json-schema.js';
import { campaignStatusSchema } from '../records/campaign-status.js';

export const SCHEMA_KINDS = [...CONFIG_KINDS, 'status'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

export const isSchemaKind = (value: string): value is SchemaKind => (SCHEMA_KINDS as readonly string[]).includes(value);

export function schemaText(kind: SchemaKind): string {
  const schema =
    kind === 'status'
      ? { title: 'alcove status --json', ...z.toJSONSchema(campaignStatusSchema, { target: 'draft-2020-12' }) }
      : configJsonSchema(kind);
  return `${JSON.stringify(schema, null, 2)}\n`;
}
