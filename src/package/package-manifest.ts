/** The package's `MANIFEST.json`: what kind of result it holds and the sha256 of every other file in it. */
import { z } from 'zod';
import { sha256 } from '../shared/hash.js';
import { unsafeNameReason } from './entry-name.js';
import type { ArchiveEntry } from './write-archive.js';

export const PACKAGE_MANIFEST = 'MANIFEST.json';
export type PackageKind = 'campaign' | 'sweep';

/** A manifest comes from an untrusted package: every field is checked before it is used or printed. */
export const packageManifestSchema = z.object({
  format: z.literal('alcove-package'),
  version: z.literal(1),
  kind: z.enum(['campaign', 'sweep']),
  createdAt: z.string(),
  files: z.array(
    z.object({
      path: z.string().refine((p) => unsafeNameReason(p) === null, 'must be a plain relative path'),
      bytes: z.int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits'),
    }),
  ),
});

export type PackageManifest = z.output<typeof packageManifestSchema>;

/** Files every package of a kind must hold (besides the manifest). */
export const REQUIRED_FILES: Readonly<Record<PackageKind, readonly string[]>> = {
  campaign: [
    'README.md',
    'package.json',
    'package-lock.json',
    'environment.json',
    'dataset.json',
    'config.yaml',
    'metrics/summary.json',
    'audit.jsonl',
  ],
  sweep: [
    'README.md',
    'package.json',
    'package-lock.json',
    'environment.json',
    'dataset.json',
    'sweep.json',
    'results.json',
    'results.csv',
  ],
};

export function buildManifest(kind: PackageKind, entries: readonly ArchiveEntry[], createdAt: string): PackageManifest {
  return {
    format: 'alcove-package',
    version: 1,
    kind,
    createdAt,
    files: entries.map((e) => ({ path: e.path, bytes: e.data.length, sha256: sha256(e.data) })),
  };
}
