/**
 * Trained forests, content-addressed: `artifacts/models/<key>.bin`, where the key hashes the features,
 * the training rows and labels and the forest parameters. A stage re-run after a restore finds the model
 * it trained before the crash instead of training again.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import type { SerializedForest } from '../shared/forest-types.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { forestFromBytes, forestToBytes } from '../engines/forest/merge-forests.js';

export function createModelStore(dir: string) {
  mkdirSync(dir, { recursive: true });
  const memo = new Map<string, SerializedForest>();
  const fileOf = (key: string) => join(dir, `${key}.bin`);
  return {
    dir,
    fileOf,
    has(key: string): boolean {
      return memo.has(key) || existsSync(fileOf(key));
    },
    put(key: string, forest: SerializedForest): void {
      writeFileAtomic(fileOf(key), forestToBytes(forest));
      memo.clear(); // keep one model in memory: campaigns move forward, old models stay on disk
      memo.set(key, forest);
    },
    get(key: string): SerializedForest {
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const file = fileOf(key);
      if (!existsSync(file)) throw new AlcoveError('BAD_CHECKPOINT', `model artifact ${file} is missing`);
      const forest = forestFromBytes(new Uint8Array(readFileSync(file)));
      memo.clear();
      memo.set(key, forest);
      return forest;
    },
  };
}

export type ModelStore = ReturnType<typeof createModelStore>;
