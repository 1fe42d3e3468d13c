/** `verify FILE.tar.gz`: every file's sha256 against the package manifest, and every required file present. */
import { readFileSync } from 'node:fs';
import { AlcoveError } from '../shared/errors.js';
import { sha256 } from '../shared/hash.js';
import { isPackageManifest, PACKAGE_MANIFEST, REQUIRED_FILES, type PackageManifest } from './package-manifest.js';
import { readTarGz, type TarEntry } from './tar.js';

export interface PackageProblem {
  readonly path: string;
  readonly kind: 'changed' | 'missing' | 'unexpected' | 'required';
  readonly detail: string;
}

export interface PackageVerifyResult {
  readonly ok: boolean;
  readonly kind: PackageManifest['kind'] | null;
  readonly checked: number;
  readonly problems: readonly PackageProblem[];
}

export interface OpenedPackage {
  readonly manifest: PackageManifest;
  readonly entries: ReadonlyMap<string, Uint8Array>;
}

export function openPackage(file: string): OpenedPackage {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `cannot read package ${file}: ${(error as Error).message}`);
  }
  let list: TarEntry[];
  try {
    list = readTarGz(data);
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `${file} is corrupt (not a readable .tar.gz): ${(error as Error).message}`);
  }
  const entries = new Map(list.map((e) => [e.path, e.data] as const));
  const raw = entries.get(PACKAGE_MANIFEST);
  if (raw === undefined)
    throw new AlcoveError('BAD_INPUT', `${file} has no ${PACKAGE_MANIFEST}: not an Alcove package`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    throw new AlcoveError('BAD_INPUT', `${file}: ${PACKAGE_MANIFEST} is not valid JSON`);
  }
  if (!isPackageManifest(manifest))
    throw new AlcoveError('BAD_INPUT', `${file}: ${PACKAGE_MANIFEST} is not an Alcove package manifest`);
  return { manifest, entries };
}

export function verifyOpened(pkg: OpenedPackage): PackageVerifyResult {
  const problems: PackageProblem[] = [];
  const listed = new Set<string>();
  for (const f of pkg.manifest.files) {
    listed.add(f.path);
    const data = pkg.entries.get(f.path);
    if (data === undefined) {
      problems.push({ path: f.path, kind: 'missing', detail: 'listed in the manifest, not in the package' });
      continue;
    }
    const actual = sha256(data);
    if (actual !== f.sha256 || data.length !== f.bytes) {
      problems.push({
        path: f.path,
        kind: 'changed',
        detail: `sha256 ${actual.slice(0, 12)}… (${data.length} bytes), manifest says ${f.sha256.slice(0, 12)}… (${f.bytes} bytes)`,
      });
    }
  }
  for (const path of pkg.entries.keys()) {
    if (path !== PACKAGE_MANIFEST && !listed.has(path))
      problems.push({ path, kind: 'unexpected', detail: 'in the package, not in the manifest' });
  }
  for (const path of REQUIRED_FILES[pkg.manifest.kind]) {
    if (!pkg.entries.has(path))
      problems.push({ path, kind: 'required', detail: `a ${pkg.manifest.kind} package must contain it` });
  }
  return { ok: problems.length === 0, kind: pkg.manifest.kind, checked: pkg.manifest.files.length, problems };
}

export function verifyPackage(file: string): PackageVerifyResult {
  return verifyOpened(openPackage(file));
}

export function formatPackageVerify(file: string, r: PackageVerifyResult): string[] {
  const lines = r.problems.map((p) => `${p.kind}: ${p.path} (${p.detail})`);
  lines.push(
    r.ok
      ? `verified ${file}: ${r.checked} files match the manifest; the ${r.kind ?? '?'} package is complete`
      : `verification FAILED for ${file}: ${r.problems.length} problem(s)`,
  );
  return lines;
}
