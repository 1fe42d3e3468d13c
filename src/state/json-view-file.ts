/**
 * lowdb's adapter for `db.json`, a view of the checkpoint: read as JSON (a missing file reads as null,
 * a torn one throws `SyntaxError` and is rebuilt by the caller), written with `writeFileAtomic` (temp
 * file, rename; no fsync, a resume rewrites it). Through it, a write the disk refuses is `WRITE_FAILED`
 * naming the file, and the write-fault seam reaches db.json like every other file.
 */
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileAtomic } from '../shared/write-file-atomic.js';

export function jsonViewFile<T>(path: string): Adapter<T> {
  return {
    async read(): Promise<T | null> {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT') return null;
        throw error;
      }
      return JSON.parse(text) as T;
    },
    write(data: T): Promise<void> {
      writeFileAtomic(path, JSON.stringify(data, null, 2), { durable: false });
      return Promise.resolve();
    },
  };
}
