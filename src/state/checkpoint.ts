/**
 * Versioned, atomic checkpoints of the campaign machine.
 *
 * The envelope `{ schemaVersion, configHash, savedAt, snapshot }` is written to a temp file in the same
 * folder, fsynced, then renamed over `state.json` (rename is atomic on POSIX), and the folder is fsynced,
 * so a kill at any moment leaves either the old or the new checkpoint, never a torn one. There is one
 * writer (the campaign runner); its writes land in transition order (see `createCheckpointWriter`).
 *
 * On load the file is validated; a corrupted or incompatible checkpoint is refused with a message and
 * left where it is (never overwritten).
 */
import {
  close,
  closeSync,
  existsSync,
  fsync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { AlcoveError, writeFailed } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { checkWrite } from '../shared/write-faults.js';

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
  /** sha256 of the dataset file the campaign runs on; absent in checkpoints written before it was recorded. */
  datasetSha256: z.string().optional(),
  savedAt: z.string(),
  snapshot: snapshotSchema,
});

export type CheckpointEnvelope = z.infer<typeof envelopeSchema>;

/** What a checkpoint is bound to: the config, and the dataset when known. */
export interface CheckpointBinding {
  readonly configHash: string;
  readonly datasetSha256?: string;
}

function envelopeText(
  binding: CheckpointBinding,
  snapshot: unknown,
  savedAt: Date,
  json: (value: unknown) => string = JSON.stringify,
): string {
  const envelope = {
    schemaVersion: CHECKPOINT_SCHEMA_VERSION,
    configHash: binding.configHash,
    ...(binding.datasetSha256 === undefined ? {} : { datasetSha256: binding.datasetSha256 }),
    savedAt: savedAt.toISOString(),
    snapshot,
  };
  return `${json(envelope)}\n`;
}

/** Arrays at least this long are memoised (shorter ones cost less to serialise than to look up). */
const MEMO_MIN_LENGTH = 64;

/**
 * `JSON.stringify` for plain data, with the text of large *frozen* arrays memoised by identity. A
 * campaign's checkpoint repeats the same arrays on every transition (labeled molecules, their labels and
 * generations, in the context and again in the running stage's input) while they change once a round;
 * the machine freezes them, so a frozen array's text can never go stale. Without it the cost of every
 * transition grows with the campaign (number formatting); with it, only the first write after a round
 * pays the full price (bench/README.md). Output is JSON.stringify's.
 */
export function createMemoJson(): (value: unknown) => string {
  const memo = new WeakMap<object, string>();
  // Objects are walked here (to reach the arrays); arrays are left to the native serialiser.
  const encode = (value: unknown): string | undefined => {
    if (Array.isArray(value)) {
      if (value.length < MEMO_MIN_LENGTH || !Object.isFrozen(value)) return JSON.stringify(value);
      let text = memo.get(value);
      if (text === undefined) {
        text = JSON.stringify(value);
        memo.set(value, text);
      }
      return text;
    }
    if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      const parts: string[] = [];
      for (const [key, v] of Object.entries(value)) {
        const text = encode(v);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    return JSON.stringify(value);
  };
  return (value) => encode(value) ?? 'null';
}

/** Write a checkpoint now, durably (temp file, fsync, rename, fsync of the folder), before returning. */
export function writeCheckpoint(path: string, configHash: string, snapshot: unknown, savedAt: Date): void {
  writeFileAtomic(path, envelopeText({ configHash }, snapshot, savedAt));
}

export interface CheckpointWriter {
  /**
   * Writes the snapshot to a temp file and renames it over `path` now (atomic: `path` is this transition's
   * checkpoint when `write` returns); the fsyncs follow in the background. Throws if an earlier fsync failed.
   */
  write(snapshot: unknown, savedAt: Date): void;
  /** Resolves when every write so far is fsynced (file and folder); rejects with the first failure. */
  flush(): Promise<void>;
}

/**
 * Checkpoints for the driver. The temp file is written and renamed over `path` synchronously, in
 * transition order, so that `path` is always the latest transition's whole checkpoint, whatever kills the
 * process. The two fsyncs (file, then folder) that make it survive a power cut run in libuv's thread pool:
 * done synchronously, with the workers busy, they cost the main thread about three times what serialising
 * and writing the snapshot does (bench/README.md).
 *
 * The price: a power cut within milliseconds of a transition can lose that transition's checkpoint. On
 * ext4 (data=ordered, auto_da_alloc) a rename over an existing file waits for the new file's data, so
 * `path` is then the previous checkpoint, from which a resume re-runs one stage with the same results
 * (stages are idempotent). Where a file system can leave an empty file instead, the loader refuses it and
 * keeps it. The run waits for every fsync before it reports its end (`flush`).
 */
export function createCheckpointWriter(path: string, binding: string | CheckpointBinding): CheckpointWriter {
  const bound = typeof binding === 'string' ? { configHash: binding } : binding;
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  // Temp files a killed writer left behind (the state lock makes this the only writer).
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  }
  const pending = new Set<Promise<void>>();
  const json = createMemoJson();
  let failure: AlcoveError | null = null;
  let counter = 0;
  const track = (p: Promise<void>) => {
    const tracked = p.catch((error: unknown) => {
      failure ??= new AlcoveError('INTERNAL', `could not fsync checkpoint ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    });
    pending.add(tracked);
    void tracked.finally(() => pending.delete(tracked));
  };
  const syncFd = (fd: number) =>
    new Promise<void>((resolve, reject) => {
      fsync(fd, (error) => {
        close(fd, () => (error ? reject(error) : resolve()));
      });
    });
  return {
    write(snapshot, savedAt) {
      if (failure !== null) throw failure;
      const tmp = join(dir, `${prefix}${process.pid}.${counter++}.tmp`);
      try {
        const fd = openSync(tmp, 'w');
        try {
          checkWrite(path);
          writeFileSync(fd, envelopeText(bound, snapshot, savedAt, json));
        } catch (error) {
          closeSync(fd);
          throw error;
        }
        renameSync(tmp, path);
        // The fd still refers to the renamed file: fsync it, then the folder (the rename).
        track(syncFd(fd).then(() => syncFd(openSync(dir, 'r'))));
      } catch (error) {
        // `path` is still the previous transition's whole checkpoint.
        rmSync(tmp, { force: true });
        throw writeFailed(path, error);
      }
    },
    async flush() {
      await Promise.all([...pending]);
      if (failure !== null) throw failure;
    },
  };
}

/**
 * A resumed campaign must run on the dataset its checkpoint was written for (the pool indices in the
 * checkpoint point into it). Throws DATASET_CHANGED naming the file and both digests.
 */
export function checkDatasetUnchanged(envelope: CheckpointEnvelope, file: string, sha256: string): void {
  const recorded = envelope.datasetSha256;
  if (recorded === undefined || recorded === sha256) return;
  throw new AlcoveError(
    'DATASET_CHANGED',
    `refusing to resume: the dataset ${file} changed since the checkpoint was written ` +
      `(sha256 ${recorded} then, ${sha256} now); restore that file, or start over with --fresh`,
  );
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
      // One line: a JSON error quotes the file's text, which may hold line breaks and control characters.
      `refusing checkpoint ${path}: ${why.replace(/\p{Cc}+/gu, ' ')}. The file was left untouched; ` +
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
    return refuse(
      `it does not look like an Alcove checkpoint (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`,
    );
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
