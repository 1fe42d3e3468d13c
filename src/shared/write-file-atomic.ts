/**
 * Write a file so that a kill at any moment leaves either the old or the new content: temp file in the
 * same folder, fsync, rename over the target (atomic on POSIX), fsync the folder so the rename is durable.
 * Synchronous on purpose: the one writer of each file calls it in event order. Shared caches have several
 * writers of one entry (a sweep's campaign tasks, threads of one process, each with its own counter), so the
 * temp file is named by process, thread and counter.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { writeFailed } from './errors.js';
import { checkWrite } from './write-faults.js';

let counter = 0;

export interface WriteFileAtomicOptions {
  /**
   * fsync the file and its folder (default). Views that are rewritten often and can be rebuilt from
   * durable state (status.html) skip it: the rename is still atomic, so a reader never sees a torn file.
   */
  readonly durable?: boolean;
}

/** Throws `WRITE_FAILED` naming `path` when the disk refuses (full, read-only, I/O error); `path` is unchanged. */
/** What may be written: text, bytes, or bytes in parts (a large matrix written without a joined copy). */
export type FileData = string | Uint8Array | readonly Uint8Array[];

export function writeFileAtomic(path: string, data: FileData, options: WriteFileAtomicOptions = {}): void {
  try {
    writeAtomic(path, data, options);
  } catch (error) {
    throw writeFailed(path, error);
  }
}

function writeAtomic(path: string, data: FileData, options: WriteFileAtomicOptions): void {
  const durable = options.durable ?? true;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${counter++}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const parts = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
    checkWrite(path);
    for (const bytes of parts) {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    if (durable) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
  if (!durable) return;
  const dirFd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
