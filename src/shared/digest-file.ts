/**
 * Artifacts checked against their digest: its sha256 is written atomically beside it in `<file>.sha256`, and
 * then the file. Digest first, because an entry of a shared cache (a sweep's features and oracle truth) has
 * readers while another run writes it: between the two writes they find no file yet (missing), or the old
 * bytes of the same content, which match; written the other way round, they could find bytes without their
 * digest, which read as damaged. A reader that finds the digest and the bytes disagreeing (a torn disk, a bit
 * flip, a hand edit) gets `corrupt` and recomputes the artifact instead of using it. A file without a digest
 * (written before digests were kept) is trusted as it is, unless the reader requires one.
 *
 * A cache that can be computed again (models, features, an oracle's truth) is written without fsync: the
 * renames keep it atomic for a reader, and a power cut can at worst leave the data or its digest short or
 * missing. Its reader therefore requires the digest (`requireDigest`), so that every such outcome reads as
 * damaged or missing and is recomputed; an fsync per file cost a sweep of small campaigns more main-thread
 * time than anything else in them (bench/README.md).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sha256 } from './hash.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const DIGEST_SUFFIX = '.sha256';

export type VerifiedRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly missing: boolean; readonly why: string };

export interface DigestedWriteOptions {
  /** fsync both files and their folder (default). A recomputable cache passes false. */
  readonly durable?: boolean;
}

export interface DigestedReadOptions {
  /** A file without its digest is damaged, not trusted: what a non-durable writer's reader needs. */
  readonly requireDigest?: boolean;
}

/** Writes the sha256 of `bytes` (or of its parts, in order) to `<file>.sha256`, then the bytes to `file`. */
export function writeDigestedFile(
  file: string,
  bytes: Uint8Array | readonly Uint8Array[],
  options: DigestedWriteOptions = {},
): void {
  const durable = options.durable ?? true;
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  writeFileAtomic(`${file}${DIGEST_SUFFIX}`, `${hash.digest('hex')}\n`, { durable });
  writeFileAtomic(file, bytes, { durable });
}

/** The digest `<file>.sha256` records, or null when there is none. */
export function recordedDigest(file: string): string | null {
  const digestFile = `${file}${DIGEST_SUFFIX}`;
  return existsSync(digestFile) ? readFileSync(digestFile, 'utf8').trim() : null;
}

/** Why a file without its digest is refused when one is required. */
export const NO_DIGEST = 'no digest beside it';

/** Reads `file` and checks it against its recorded digest, if it has one (or must have one). */
export function readDigestedFile(file: string, options: DigestedReadOptions = {}): VerifiedRead {
  if (!existsSync(file)) return { ok: false, missing: true, why: 'missing' };
  const bytes = readFileSync(file);
  const digestFile = `${file}${DIGEST_SUFFIX}`;
  if (!existsSync(digestFile)) {
    return options.requireDigest === true ? { ok: false, missing: false, why: NO_DIGEST } : { ok: true, bytes };
  }
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
