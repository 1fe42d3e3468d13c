/**
 * Writes a package's .tar.gz with tar-stream (why tar-stream: see read-archive.ts). Names too long for a ustar
 * header (or not ASCII) get a pax header, which read-archive.ts reads back.
 *
 * Output is deterministic for the same entries (mtime 0, uid/gid 0, mode 0644, gzip without a timestamp), and the
 * file appears only once complete (temp file beside it, then rename).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';

export interface ArchiveEntry {
  /** `/`-separated relative path. */
  readonly path: string;
  readonly data: Uint8Array;
}

const EPOCH = new Date(0);

/** Writes `entries` as regular files, in order, to `out`; returns the size of the .tar.gz in bytes. */
export async function writeArchive(entries: readonly ArchiveEntry[], out: string): Promise<number> {
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  const tar = pack();
  const sink = createWriteStream(tmp);
  const written = pipeline(tar, createGzip({ level: 6 }), sink);
  for (const e of entries) {
    tar.entry({ name: e.path, size: e.data.length, mode: 0o644, mtime: EPOCH, uid: 0, gid: 0, type: 'file' }, e.data);
  }
  tar.finalize();
  try {
    await written;
    await rename(tmp, out);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return sink.bytesWritten;
}
