/**
 * Versioned, atomic checkpoints of the campaign machine.
 *
 * The envelope `{ schemaVersion, configHash, savedAt, snapshot }` is written to a temp file in the same
 * folder, fsynced, then renamed over `state.json` (rename is atomic on POSIX), and the folder is fsynced,
 * so a kill at any moment leaves either the old or the new checkpoint, never a torn one. There is one
 * writer (the campaign runner), and writes are synchronous so they happen in transition order.
 *
 * On load the file is validated; a corrupted or incompatible checkpoint is refused with a message and
 * left where it is (never overwritten).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AlcoveError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';

export const CHECKPOINT_SCHEMA_VERSION = 1;

const snapshotSchema = z.looseObject({
  status: z.enum(['active', 'done', 'error', 'stopped']),
  value: z.union([z.string(), z.record(z.string(), z.unknown())]),
  context: z.looseObject({
    plan: z.looseObject({ generations: z.number() }),
    generation: z.number().int().min(0),
    labeled: z.array(z.number().int()),
    labels: z.array(z.number().nullable()),
    history: z.array(z.looseObject({ generation: z.number(), labeled: z.number() })),
  }),
});

const envelopeSchema = z.object({
  schemaVersion: z.number().int(),
  configHash: z.string(),
  savedAt: z.string(),
  snapshot: snapshotSchema,
});

export type CheckpointEnvelope = z.infer<typeof envelopeSchema>;

export function writeCheckpoint(path: string, configHash: string, snapshot: unknown, savedAt: Date): void {
  const envelope = { schemaVersion: CHECKPOINT_SCHEMA_VERSION, configHash, savedAt: savedAt.toISOString(), snapshot };
  writeFileAtomic(path, `${JSON.stringify(envelope)}\n`);
}

/** Read and validate a checkpoint. Throws BAD_CHECKPOINT (the file is left untouched). */
export function readCheckpoint(path: string, expectedConfigHash: string | null): CheckpointEnvelope {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AlcoveError('BAD_CHECKPOINT', `cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  const refuse = (why: string): never => {
    throw new AlcoveError(
      'BAD_CHECKPOINT',
      `refusing checkpoint ${path}: ${why}. The file was left untouched; ` +
        'inspect it, or start over with --fresh (the old state is kept, renamed).',
    );
  };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return refuse(`it is not valid JSON (${(error as Error).message})`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== CHECKPOINT_SCHEMA_VERSION) {
    return refuse(`it has schema version ${version}, this Alcove reads version ${CHECKPOINT_SCHEMA_VERSION}`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`it does not look like an Alcove checkpoint (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  if (expectedConfigHash !== null && parsed.data.configHash !== expectedConfigHash) {
    return refuse(
      `it was written for a different configuration (sha256 ${parsed.data.configHash.slice(0, 12)}…, ` +
        `now ${expectedConfigHash.slice(0, 12)}…); resume with the same config and --set flags`,
    );
  }
  if (parsed.data.snapshot.status === 'error') {
    return refuse('the saved machine snapshot is in an error status');
  }
  return parsed.data;
}
