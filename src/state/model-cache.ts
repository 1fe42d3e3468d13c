/**
 * Trained models, content-addressed: `artifacts/models/<key>.bin`, where the key (the surrogate's
 * `modelKey`) hashes the features, the training rows and labels and the model's parameters. A stage
 * re-run after a restore finds the model it trained before the crash instead of training again.
 * Not fsynced: one lost to a power cut is trained again (`stage-model.ts`), like a damaged one.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDigestedFile, removeDigestedFile, writeDigestedFile } from '../shared/digest-file.js';
import { AlcoveError } from '../shared/errors.js';

/** A model as the store keeps it: its artifact bytes. */
export interface StoredModel {
  encode(): Uint8Array;
}

export interface ModelStore<M extends StoredModel> {
  readonly dir: string;
  fileOf(key: string): string;
  has(key: string): boolean;
  put(key: string, model: M): void;
  /** The model under `key`, from memory or its artifact; throws `BAD_CHECKPOINT` when it is missing. */
  get(key: string): M;
}

/**
 * @param decode an artifact's bytes back into a model (the surrogate's `decode`).
 * @param onCorrupt told when an artifact disagrees with its digest: `has` then removes it and says no,
 *   so the train stage trains the model again.
 */
export function createModelStore<M extends StoredModel>(
  dir: string,
  decode: (bytes: Uint8Array) => M,
  onCorrupt: (message: string) => void = () => undefined,
): ModelStore<M> {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, M>();
  const fileOf = (key: string) => join(dir, `${key}.bin`);
  const verified = (key: string): Uint8Array | null => {
    // Written without fsync (a model is trained again from the checkpoint when lost): the digest must be there.
    const read = readDigestedFile(fileOf(key), { requireDigest: true });
    if (read.ok) return new Uint8Array(read.bytes);
    if (!read.missing) {
      onCorrupt(`warning: model artifact ${fileOf(key)} is damaged (${read.why}); training it again`);
      removeDigestedFile(fileOf(key));
    }
    return null;
  };
  return {
    dir,
    fileOf,
    has(key) {
      if (memo.has(key)) return true;
      if (!existsSync(fileOf(key))) return false;
      const bytes = verified(key);
      if (bytes === null) return false;
      memo.clear();
      memo.set(key, decode(bytes));
      return true;
    },
    put(key, model) {
      writeDigestedFile(fileOf(key), model.encode(), { durable: false });
      memo.clear(); // keep one model in memory: campaigns move forward, old models stay on disk
      memo.set(key, model);
    },
    get(key) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const file = fileOf(key);
      const bytes = verified(key);
      if (bytes === null) throw new AlcoveError('BAD_CHECKPOINT', `model artifact ${file} is missing or damaged`);
      const model = decode(bytes);
      memo.clear();
      memo.set(key, model);
      return model;
    },
  };
}
