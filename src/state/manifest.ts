/**
 * The archive manifest: `<stateDir>/manifest.json` lists every file of a finished campaign with its size
 * and sha256, so `--verify` can show that results were not changed after the run.
 *
 * Decisions:
 * - Written last, at archive time, so it covers everything that exists then (status.html included, final
 *   by then) except itself, the lock file and temp files (`.*.tmp`, from atomic writes) and `exclude`.
 * - The audit log keeps growing after the archive (the run's `run-end`, a later resume or report), so
 *   append-only files (`audit.jsonl`, `oracle-journal.jsonl`) are checked by prefix: the first `bytes` bytes must still hash to
 *   `sha256`; a longer file is fine (listed in `appended`), a shorter or altered one is `changed`.
 * - Files that appear after the manifest (a later `--report`) are reported as `unexpected` but do not fail
 *   verification: they cannot have altered what was archived. `missing` and `changed` fail it.
 * - Symbolic links and other non-regular files are not followed or listed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import { sha256File, sha256FilePrefix } from '../shared/hash.js';
import type { DigestCache } from './digest-cache.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { LOCK_FILE } from './state-lock.js';
import { STATE_FILES } from './state-files.js';

export const MANIFEST_FILE = STATE_FILES.manifest;
/** Files that only ever grow; checked by prefix. */
export const APPEND_ONLY_FILES: readonly string[] = [STATE_FILES.audit, STATE_FILES.journal];

export interface ManifestEntry {
  /** Relative to the state folder, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly appendOnly?: true;
}

export interface Manifest {
  readonly version: 1;
  readonly createdAt: string;
  readonly totalBytes: number;
  /** Sorted by path (code-unit order). */
  readonly files: readonly ManifestEntry[];
}

export type ProblemKind = 'missing' | 'changed' | 'unexpected';
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}
export interface VerifyProblem {
  readonly path: string;
  readonly kind: ProblemKind;
  readonly expected?: FileDigest;
  readonly actual?: FileDigest;
}
export interface VerifyResult {
  /** No file missing or changed (unexpected files do not count). */
  readonly ok: boolean;
  /** Manifest entries checked. */
  readonly checked: number;
  readonly problems: readonly VerifyProblem[];
  /** Append-only files that grew after the manifest, their archived part intact. */
  readonly appended: readonly string[];
}

const TEMP_FILE = /^\..*\.tmp$/;
/**
 * Files hashed at once, to overlap one file's read with another's hashing on a cold disk. With a warm page
 * cache it makes no measurable difference (bench/README.md).
 */
const CONCURRENCY = 4;

function isSkipped(rel: string, exclude: readonly string[]): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel === MANIFEST_FILE || rel === LOCK_FILE || TEMP_FILE.test(base)) return true;
  return exclude.some((x) => {
    const e = x.replace(/\/+$/, '');
    return rel === e || rel.startsWith(`${e}/`);
  });
}

/** Regular files under `root`, relative `/` paths, sorted. */
function listFiles(root: string, exclude: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else if (entry.isFile() && !isSkipped(rel, exclude)) out.push(rel);
    }
  };
  walk(root, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Writes `manifest.json`. `digests` remembers whole-file hashes by file identity (a sweep shares one between
 * its runs, whose folders hold hard links to the same large files); append-only files are always hashed.
 */
export async function writeManifest(
  stateDir: string,
  clock: Clock,
  exclude: readonly string[] = [],
  digests?: DigestCache,
): Promise<Manifest> {
  const paths = listFiles(stateDir, exclude);
  const files = await mapLimit(paths, CONCURRENCY, async (rel): Promise<ManifestEntry> => {
    const abs = join(stateDir, rel);
    const bytes = statSync(abs).size;
    if (APPEND_ONLY_FILES.includes(rel)) {
      // Hash exactly the bytes counted: a concurrent append must not slip into the digest.
      return { path: rel, bytes, sha256: await sha256FilePrefix(abs, bytes), appendOnly: true };
    }
    if (digests !== undefined) return { path: rel, ...(await digests.digest(abs)) };
    return { path: rel, bytes, sha256: await sha256File(abs) };
  });
  const manifest: Manifest = {
    version: 1,
    createdAt: new Date(clock.now()).toISOString(),
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
  };
  writeFileAtomic(join(stateDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    typeof v.createdAt === 'string' &&
    Array.isArray(v.files) &&
    v.files.every((f: unknown) => {
      if (typeof f !== 'object' || f === null) return false;
      const e = f as Record<string, unknown>;
      return typeof e.path === 'string' && typeof e.bytes === 'number' && typeof e.sha256 === 'string';
    })
  );
}

export function readManifest(stateDir: string): Manifest {
  const path = join(stateDir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AlcoveError('BAD_INPUT', `no manifest: ${path} does not exist (it is written when a campaign ends)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isManifest(value)) throw new AlcoveError('BAD_INPUT', `${path} is not an Alcove manifest (version 1)`);
  return value;
}

async function checkEntry(stateDir: string, entry: ManifestEntry): Promise<VerifyProblem | 'appended' | null> {
  const abs = join(stateDir, entry.path);
  let size: number;
  try {
    const st = statSync(abs);
    if (!st.isFile()) return { path: entry.path, kind: 'missing', expected: entry };
    size = st.size;
  } catch {
    return { path: entry.path, kind: 'missing', expected: entry };
  }
  const expected: FileDigest = { bytes: entry.bytes, sha256: entry.sha256 };
  if (entry.appendOnly === true && size >= entry.bytes) {
    const prefix = await sha256FilePrefix(abs, entry.bytes);
    if (prefix !== entry.sha256)
      return { path: entry.path, kind: 'changed', expected, actual: { bytes: size, sha256: await sha256File(abs) } };
    return size > entry.bytes ? 'appended' : null;
  }
  const sha256 = await sha256File(abs);
  if (size !== entry.bytes || sha256 !== entry.sha256)
    return { path: entry.path, kind: 'changed', expected, actual: { bytes: size, sha256 } };
  return null;
}

/** Re-hash every file the manifest lists and compare; also list files it does not know. */
export async function verifyManifest(stateDir: string): Promise<VerifyResult> {
  const manifest = readManifest(stateDir);
  const outcomes = await mapLimit(manifest.files, CONCURRENCY, (entry) => checkEntry(stateDir, entry));
  const problems: VerifyProblem[] = [];
  const appended: string[] = [];
  outcomes.forEach((o, i) => {
    if (o === 'appended') appended.push(manifest.files[i]?.path ?? '');
    else if (o !== null) problems.push(o);
  });
  const known = new Set(manifest.files.map((f) => f.path));
  for (const rel of listFiles(stateDir, [])) {
    if (!known.has(rel)) problems.push({ path: rel, kind: 'unexpected' });
  }
  return {
    ok: problems.every((p) => p.kind === 'unexpected'),
    checked: manifest.files.length,
    problems,
    appended,
  };
}

/** Lines for the CLI's `--verify`. */
export function formatVerifyResult(result: VerifyResult): string[] {
  const short = (d: FileDigest | undefined) =>
    d === undefined ? '?' : `${d.bytes} bytes, sha256 ${d.sha256.slice(0, 12)}…`;
  const lines = result.problems.map((p) =>
    p.kind === 'changed'
      ? `changed: ${p.path} (archived ${short(p.expected)}; now ${short(p.actual)})`
      : p.kind === 'missing'
        ? `missing: ${p.path}`
        : `unexpected: ${p.path} (not in the manifest; added after the archive)`,
  );
  for (const path of result.appended)
    lines.push(`appended: ${path} (grew after the archive; the archived part is intact)`);
  const failed = result.problems.filter((p) => p.kind !== 'unexpected').length;
  lines.push(
    result.ok
      ? `verified ${result.checked} files: all match the manifest`
      : `verification FAILED: ${failed} of ${result.checked} files missing or changed`,
  );
  return lines;
}

/**
 * Re-record some files in an existing manifest (a report regenerated on purpose with `--report`),
 * leaving every other entry as archived, so that a deliberate rewrite is not reported as tampering
 * while everything else keeps its original digest. Without a manifest, nothing is done.
 */
export async function updateManifestEntries(
  stateDir: string,
  clock: Clock,
  relPaths: readonly string[],
): Promise<boolean> {
  if (!existsSync(join(stateDir, MANIFEST_FILE))) return false;
  const manifest = readManifest(stateDir);
  const fresh = await Promise.all(
    relPaths.map(async (rel): Promise<ManifestEntry> => {
      const abs = join(stateDir, rel);
      return { path: rel, bytes: statSync(abs).size, sha256: await sha256File(abs) };
    }),
  );
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  for (const f of fresh) byPath.set(f.path, f);
  const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const updated: Manifest = {
    version: 1,
    createdAt: new Date(clock.now()).toISOString(),
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
  };
  writeFileAtomic(join(stateDir, MANIFEST_FILE), `${JSON.stringify(updated, null, 2)}\n`);
  return true;
}
