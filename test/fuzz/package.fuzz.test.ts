/**
 * Fuzz: reproducibility packages. A real package written by the code (writeArchive, with its manifest) is
 * mutated (bytes flipped, cut, repeated, in the gzip stream or in the tar inside it) and must be verified or
 * refused with a package error, under a low size cap; unpacking one writes nothing outside its folder, and never a
 * link or an executable file.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPackage } from '../../src/package/extract-package.js';
import { buildManifest, PACKAGE_MANIFEST } from '../../src/package/package-manifest.js';
import type { ArchiveLimits } from '../../src/package/read-archive.js';
import { verifyPackage } from '../../src/package/verify-package.js';
import { writeArchive, type ArchiveEntry } from '../../src/package/write-archive.js';
import { AlcoveError } from '../../src/shared/errors.js';
import type { ErrorCode } from '../../src/shared/errors.js';
import { campaignFiles } from '../helpers/raw-tar.js';
import { asyncOutcome, fuzzRuns, repoListing } from './fuzz-settings.js';
import { applyByteEdits, byteEdits } from './mutations.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-fuzz-pkg-'));
const before = repoListing();
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(repoListing()).toBe(before);
});

const CONFIG = `name: fuzz
seed: 1
dataset: { builtin: amide-library, subsample: 100 }
featurizer: { kind: morgan, radius: 2, bits: 256 }
campaign: { initial: 10, batch: 10, generations: 1, top_k: 5 }
`;
/** Low caps: a mutation that claims a huge size is refused quickly. */
const LIMITS: Partial<ArchiveLimits> = { maxUnpackedBytes: 256 * 1024, maxEntries: 64, maxKeptBytes: 64 * 1024 };
const CODES: readonly ErrorCode[] = [
  'PACKAGE_UNSAFE',
  'PACKAGE_CORRUPT',
  'PACKAGE_TOO_LARGE',
  'PACKAGE_MISMATCH',
  'COMMAND_NOT_ALLOWED',
  'BAD_CONFIG',
];

let gz = Buffer.alloc(0);
let tar = Buffer.alloc(0);
beforeAll(async () => {
  const entries: ArchiveEntry[] = Object.entries(campaignFiles(CONFIG)).map(([path, text]) => ({
    path,
    data: Buffer.from(text),
  }));
  const manifest = buildManifest('campaign', entries, '2026-01-01T00:00:00.000Z');
  const file = join(root, 'real.tar.gz');
  await writeArchive([{ path: PACKAGE_MANIFEST, data: Buffer.from(JSON.stringify(manifest)) }, ...entries], file);
  gz = readFileSync(file);
  tar = gunzipSync(gz);
  expect((await verifyPackage(file)).ok).toBe(true);
});

/** Every path under `dir`, each checked to be a plain folder or a non-executable regular file. */
function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) throw new Error(`a link was written: ${path}`);
    if (stats.isDirectory()) out.push(`${prefix}${name}/`, ...walk(path, `${prefix}${name}/`));
    else if (!stats.isFile()) throw new Error(`not a regular file: ${path}`);
    else if ((stats.mode & 0o111) !== 0) throw new Error(`an executable file was written: ${path}`);
    else out.push(`${prefix}${name}`);
  }
  return out;
}

let cases = 0;
/** A folder holding `p.tar.gz` (the mutated package) and an empty `work/`. */
function scene(bytes: Buffer): { base: string; file: string; work: string } {
  const base = join(root, `case-${cases++}`);
  mkdirSync(join(base, 'work'), { recursive: true });
  const file = join(base, 'p.tar.gz');
  writeFileSync(file, bytes);
  return { base, file, work: join(base, 'work') };
}

const mutated = fc.oneof(
  byteEdits.map((edits) => applyByteEdits(gz, edits)),
  byteEdits.map((edits) => gzipSync(applyByteEdits(tar, edits))),
  // Header fields: edits within the first 512 bytes of one of the entries.
  fc.tuple(fc.nat(10), byteEdits).map(([entry, edits]) => {
    const at = (entry % Math.max(1, Math.floor(tar.length / 1024))) * 1024;
    const header = applyByteEdits(tar.subarray(at, at + 512), edits).subarray(0, 512);
    return gzipSync(Buffer.concat([tar.subarray(0, at), header, tar.subarray(at + header.length)]));
  }),
);

describe('package fuzz', () => {
  it('verify: a mutated package is checked or refused with a package error', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (bytes) => {
        const s = scene(bytes);
        const result = await asyncOutcome(() => verifyPackage(s.file, { limits: LIMITS }), CODES);
        if (result instanceof AlcoveError) expect(result.message).not.toContain('\n');
        else expect(typeof result.ok).toBe('boolean');
        expect(walk(s.base).sort()).toEqual(['p.tar.gz', 'work/']);
        rmSync(s.base, { recursive: true, force: true });
      }),
      fuzzRuns(120),
    );
  });

  it('unpack: all or nothing, inside the state folder only', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (bytes) => {
        const s = scene(bytes);
        const target = join(s.work, 'state');
        const result = await asyncOutcome(() => extractPackage(s.file, target, { limits: LIMITS }), CODES);
        const files = walk(s.base).sort();
        if (result instanceof AlcoveError) expect(files).toEqual(['p.tar.gz', 'work/']);
        else expect(files.every((f) => ['p.tar.gz', 'work/'].includes(f) || f.startsWith('work/state/'))).toBe(true);
        rmSync(s.base, { recursive: true, force: true });
      }),
      fuzzRuns(60),
    );
  });
});
