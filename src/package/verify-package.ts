/**
 * `verify FILE.tar.gz`: every file's sha256 against the package manifest, every required file present, and the
 * programs the package would run. Reading refuses unsafe, corrupt and oversized archives (read-archive.ts) with an
 * error; a readable package whose files do not match its manifest is a failed check, one problem per file.
 */
import { access } from 'node:fs/promises';
import { AlcoveError } from '../shared/errors.js';
import { quote } from './archive-failure.js';
import { formatProgram, listPackagePrograms, PROGRAM_SOURCES, type PackageProgram } from './package-programs.js';
import { PACKAGE_MANIFEST, packageManifestSchema, REQUIRED_FILES, type PackageManifest } from './package-manifest.js';
import { readArchive, type ArchiveFile, type ArchiveLimits } from './read-archive.js';

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
  /** Programs that `reproduce` would run (only with `--allow-commands`). */
  readonly programs: readonly PackageProgram[];
}

export interface OpenedPackage {
  readonly manifest: PackageManifest;
  /** Every regular file of the archive by path, with its size and sha256. */
  readonly files: ReadonlyMap<string, ArchiveFile>;
  readonly programs: readonly PackageProgram[];
}

export interface OpenPackageOptions {
  readonly limits?: Partial<ArchiveLimits>;
  /** A fresh empty folder to extract into (see extract-package.ts). */
  readonly extractTo?: string;
  readonly signal?: AbortSignal;
}

function parseManifest(file: string, raw: Buffer | undefined): PackageManifest {
  if (raw === undefined)
    throw new AlcoveError('PACKAGE_CORRUPT', `${file} has no ${PACKAGE_MANIFEST}: not an Alcove package`);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new AlcoveError('PACKAGE_CORRUPT', `${file}: ${PACKAGE_MANIFEST} is not valid JSON`, { cause: error });
  }
  const parsed = packageManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue === undefined ? '' : ` (${issue.path.join('.')}: ${issue.message})`;
    throw new AlcoveError('PACKAGE_CORRUPT', `${file}: ${PACKAGE_MANIFEST} is not an Alcove package manifest${at}`);
  }
  return parsed.data;
}

export async function openPackage(file: string, options: OpenPackageOptions = {}): Promise<OpenedPackage> {
  try {
    await access(file);
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `cannot read package ${file}: ${(error as Error).message}`, { cause: error });
  }
  const contents = await readArchive(file, { ...options, keep: new Set([PACKAGE_MANIFEST, ...PROGRAM_SOURCES]) });
  const manifest = parseManifest(file, contents.kept.get(PACKAGE_MANIFEST));
  const files = new Map(contents.files.map((f) => [f.path, f] as const));
  return { manifest, files, programs: listPackagePrograms(manifest.kind, contents.kept) };
}

export function verifyOpened(pkg: OpenedPackage): PackageVerifyResult {
  const problems: PackageProblem[] = [];
  const listed = new Set<string>();
  for (const f of pkg.manifest.files) {
    listed.add(f.path);
    const actual = pkg.files.get(f.path);
    if (actual === undefined) {
      problems.push({ path: f.path, kind: 'missing', detail: 'listed in the manifest, not in the package' });
      continue;
    }
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) {
      problems.push({
        path: f.path,
        kind: 'changed',
        detail: `sha256 ${actual.sha256.slice(0, 12)}… (${actual.bytes} bytes), manifest says ${f.sha256.slice(0, 12)}… (${f.bytes} bytes)`,
      });
    }
  }
  for (const path of pkg.files.keys()) {
    if (path !== PACKAGE_MANIFEST && !listed.has(path))
      problems.push({ path, kind: 'unexpected', detail: 'in the package, not in the manifest' });
  }
  for (const path of REQUIRED_FILES[pkg.manifest.kind]) {
    if (!pkg.files.has(path))
      problems.push({ path, kind: 'required', detail: `a ${pkg.manifest.kind} package must contain it` });
  }
  return {
    ok: problems.length === 0,
    kind: pkg.manifest.kind,
    checked: pkg.manifest.files.length,
    problems,
    programs: pkg.programs,
  };
}

export async function verifyPackage(
  file: string,
  options: Omit<OpenPackageOptions, 'extractTo'> = {},
): Promise<PackageVerifyResult> {
  return verifyOpened(await openPackage(file, options));
}

/** The first problem of a failed check as one line, for refusing to reproduce the package. */
export function mismatchError(file: string, r: PackageVerifyResult): AlcoveError {
  const [first] = r.problems;
  const more = r.problems.length > 1 ? ` (and ${r.problems.length - 1} more; run verify for the list)` : '';
  const what = first === undefined ? '' : `: ${first.kind} entry ${quote(first.path)} (${first.detail})${more}`;
  return new AlcoveError('PACKAGE_MISMATCH', `${file} does not match its manifest${what}`);
}

export function formatPackageVerify(file: string, r: PackageVerifyResult): string[] {
  const lines = r.problems.map((p) => `${p.kind}: ${p.path} (${p.detail})`);
  for (const p of r.programs) lines.push(`runs program: ${formatProgram(p)}`);
  if (r.programs.length > 0) lines.push('reproduce runs these programs only with --allow-commands');
  else lines.push('runs no external program');
  lines.push(
    r.ok
      ? `verified ${file}: ${r.checked} files match the manifest; the ${r.kind ?? '?'} package is complete`
      : `verification FAILED for ${file}: ${r.problems.length} problem(s)`,
  );
  return lines;
}
