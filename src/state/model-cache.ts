/**
 * Trained models, content-addressed: `artifacts/models/<key>.bin`, where the key (the surrogate's
 * `modelKey`) hashes the features, the training rows and labels and the model's parameters. A stage
 * re-run after a restore finds the model it trained before the crash instead of training again.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';

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

/** @param decode an artifact's bytes back into a model (the surrogate's `decode`). */
export function createModelStore<M extends StoredModel>(dir: string, decode: (bytes: Uint8Array) => M): ModelStore<M> {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, M>();
  const fileOf = (key: string) => join(dir, `${key}.bin`);
  return {
    dir,
    fileOf,
    has(key) {
      return memo.has(key) || existsSync(fileOf(key));
    },
    put(key, model) {
      writeFileAtomic(fileOf(key), model.encode());
      memo.clear(); // keep one model in memory: campaigns move forward, old models stay on disk
      memo.set(key, model);
    },
    get(key) {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const file = fileOf(key);
      if (!existsSync(file)) throw new AlcoveError('BAD_CHECKPOINT', `model artifact ${file} is missing`);
      const model = decode(new Uint8Array(readFileSync(file)));
      memo.clear();
      memo.set(key, model);
      return model;
    },
  };
}
