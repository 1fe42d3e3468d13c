/** The package's `MANIFEST.json`: what kind of result it holds and the sha256 of every other file in it. */
import { sha256 } from '../shared/hash.js';
import type { TarEntry } from './tar.js';

export const PACKAGE_MANIFEST = 'MANIFEST.json';
export type PackageKind = 'campaign' | 'sweep';

export interface PackageManifest {
  readonly format: 'alcove-package';
  readonly version: 1;
  readonly kind: PackageKind;
  readonly createdAt: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
}

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

export function buildManifest(kind: PackageKind, entries: readonly TarEntry[], createdAt: string): PackageManifest {
  return {
    format: 'alcove-package',
    version: 1,
    kind,
    createdAt,
    files: entries.map((e) => ({ path: e.path, bytes: e.data.length, sha256: sha256(e.data) })),
  };
}

export function isPackageManifest(value: unknown): value is PackageManifest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.format === 'alcove-package' &&
    v.version === 1 &&
    (v.kind === 'campaign' || v.kind === 'sweep') &&
    Array.isArray(v.files)
  );
}
