/**
 * sha256 of whole files, remembered by what identifies a file's content on disk: device, inode, size and
 * the modification time in nanoseconds, with the change time as a guard. A sweep hard-links the same large
 * files (the plotly bundle, the library CSV) into every run's folder, and each run's manifest would
 * otherwise read and hash them again: one inode, one hash. Any write changes the mtime and the ctime (and a
 * replaced file is another inode). Each new link moves the ctime too, but it also changes the link count,
 * which a write does not: a moved ctime with a changed link count is taken for a link and the digest kept;
 * a moved ctime with the same link count (a write whose mtime was put back, a chmod) is hashed again.
 */
import { statSync } from 'node:fs';
import { sha256File } from '../shared/hash.js';

export interface DigestCache {
  /** The file's sha256 and size, hashed now unless a file with the same identity was hashed before. */
  digest(path: string): Promise<{ readonly bytes: number; readonly sha256: string }>;
  /** Files hashed (not found in the cache) so far. */
  readonly hashed: () => number;
}

/** Files smaller than this are hashed each time: a lookup would not save anything worth the entry. */
const MIN_CACHED_BYTES = 64 * 1024;
/** Distinct files remembered at most; the oldest are dropped first. */
const MAX_ENTRIES = 256;

interface Known {
  readonly sha256: string;
  ctimeNs: bigint;
  nlink: bigint;
}

export function createDigestCache(): DigestCache {
  const known = new Map<string, Known>();
  let hashed = 0;
  return {
    async digest(path) {
      const st = statSync(path, { bigint: true });
      const bytes = Number(st.size);
      if (bytes < MIN_CACHED_BYTES) {
        hashed += 1;
        return { bytes, sha256: await sha256File(path) };
      }
      const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
      const hit = known.get(key);
      if (hit !== undefined && (hit.ctimeNs === st.ctimeNs || hit.nlink !== st.nlink)) {
        hit.ctimeNs = st.ctimeNs;
        hit.nlink = st.nlink;
        return { bytes, sha256: hit.sha256 };
      }
      hashed += 1;
      const sha256 = await sha256File(path);
      // The file changed while it was read: hash it, but do not remember a digest of a moving target.
      const after = statSync(path, { bigint: true });
      if (after.mtimeNs === st.mtimeNs && after.ctimeNs === st.ctimeNs && after.size === st.size) {
        known.delete(key);
        known.set(key, { sha256, ctimeNs: st.ctimeNs, nlink: st.nlink });
        if (known.size > MAX_ENTRIES) known.delete(known.keys().next().value as string);
      }
      return { bytes, sha256 };
    },
    hashed: () => hashed,
  };
}
