import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Files up to this size are read in one synchronous call on the calling thread. A stream costs an open, a
 * stat, each read and a close as separate trips through libuv's thread pool, and a run's manifest hashes
 * dozens of small files: in a sweep of small campaigns the campaign tasks waited on those trips instead of
 * computing (bench/README.md, "fewer trips through libuv's pool"). Larger files stream, so that hashing a
 * library of millions of molecules never holds it whole.
 */
export const WHOLE_READ_BYTES = 1 << 20;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a canonical JSON rendering (object keys sorted), for content-addressed keys. */
export function sha256Json(value: unknown): string {
  return sha256(canonicalJson(value));
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(obj)
          .sort()
          .map((k) => [k, obj[k]]),
      );
    }
    return v;
  });
}

/** sha256 of a whole file. */
export async function sha256File(path: string): Promise<string> {
  return sha256FilePrefix(path, Number.POSITIVE_INFINITY);
}

/**
 * sha256 of the first `bytes` bytes of a file (all of it when shorter), read at once when that is at most
 * `WHOLE_READ_BYTES`, streamed otherwise. A prefix lets an append-only file be hashed exactly as far as
 * it was counted while another writer appends.
 */
export async function sha256FilePrefix(path: string, bytes: number): Promise<string> {
  const small = readSmallPrefix(path, bytes);
  if (small !== null) return sha256(small);
  const hash = createHash('sha256');
  const end = Number.isFinite(bytes) ? bytes - 1 : undefined;
  if (bytes > 0) {
    for await (const chunk of createReadStream(path, end === undefined ? {} : { start: 0, end }))
      hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** The prefix's bytes when it is small enough to read at once; null to stream it. */
function readSmallPrefix(path: string, bytes: number): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const want = Math.min(bytes, fstatSync(fd).size);
    if (want > WHOLE_READ_BYTES) return null;
    const buffer = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, buffer, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return got === want ? buffer : buffer.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
