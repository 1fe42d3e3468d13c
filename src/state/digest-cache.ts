/**
 * sha256 of whole files, remembered by what identifies a file's content on disk: device, inode, size, and
 * the modification and change times in nanoseconds (what git's index trusts as well). A sweep hard-links
 * the same large files (the plotly bundle, the library CSV) into every run's folder, and each run's
 * manifest would otherwise read and hash them again: one inode, one hash. Any write to the file changes
 * its mtime and ctime (and a replaced file is another inode), so a stale digest is never returned for a
 * file written through the file system.
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

export function createDigestCache(): DigestCache {
  const known = new Map<string, string>();
  let hashed = 0;
  return {
    async digest(path) {
      const st = statSync(path, { bigint: true });
      const bytes = Number(st.size);
      if (bytes < MIN_CACHED_BYTES) {
        hashed += 1;
        return { bytes, sha256: await sha256File(path) };
      }
      const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
      const hit = known.get(key);
      if (hit !== undefined) return { bytes, sha256: hit };
      hashed += 1;
      const sha256 = await sha256File(path);
      // The file changed while it was read: hash it, but do not remember a digest of a moving target.
      const after = statSync(path, { bigint: true });
      if (after.mtimeNs === st.mtimeNs && after.ctimeNs === st.ctimeNs && after.size === st.size) {
        known.set(key, sha256);
        if (known.size > MAX_ENTRIES) known.delete(known.keys().next().value as string);
      }
      return { bytes, sha256 };
    },
    hashed: () => hashed,
  };
}
