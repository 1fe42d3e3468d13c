/**
 * Artifacts checked against their digest: the file is written atomically, then its sha256 beside it in
 * `<file>.sha256`. A reader that finds the digest and the bytes disagreeing (a torn disk, a bit flip, a
 * hand edit) gets `corrupt` and recomputes the artifact instead of using it. A file without a digest
 * (written before digests were kept) is trusted as it is.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sha256 } from './hash.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const DIGEST_SUFFIX = '.sha256';

export type VerifiedRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly missing: boolean; readonly why: string };

/** Writes `bytes` (or its parts, in order) to `file`, then its sha256 to `<file>.sha256`. */
export function writeDigestedFile(file: string, bytes: Uint8Array | readonly Uint8Array[]): void {
  writeFileAtomic(file, bytes);
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  writeFileAtomic(`${file}${DIGEST_SUFFIX}`, `${hash.digest('hex')}\n`);
}

/** The digest `<file>.sha256` records, or null when there is none. */
export function recordedDigest(file: string): string | null {
  const digestFile = `${file}${DIGEST_SUFFIX}`;
  return existsSync(digestFile) ? readFileSync(digestFile, 'utf8').trim() : null;
}

/** Reads `file` and checks it against its recorded digest, if it has one. */
export function readDigestedFile(file: string): VerifiedRead {
  if (!existsSync(file)) return { ok: false, missing: true, why: 'missing' };
  const bytes = readFileSync(file);
  const digestFile = `${file}${DIGEST_SUFFIX}`;
  if (!existsSync(digestFile)) return { ok: true, bytes };
  const recorded = readFileSync(digestFile, 'utf8').trim();
  const actual = sha256(bytes);
  if (recorded === actual) return { ok: true, bytes };
  return { ok: false, missing: false, why: `its sha256 is ${actual}, ${digestFile} records ${recorded}` };
}

/** Removes a corrupt artifact and its digest, so that it is computed and written again. */
export function removeDigestedFile(file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}${DIGEST_SUFFIX}`, { force: true });
}
