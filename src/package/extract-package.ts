/**
 * Unpacks a package for `reproduce` into `DIR/package/`, all or nothing: entries are written into a fresh temp
 * folder beside DIR, and only when the whole archive passed (safe names, sizes, manifest, programs allowed) is it
 * renamed into place. On any refusal the temp folder (and any parent folder this call created) is removed, so
 * DIR and everything around it are as they were.
 */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AlcoveError } from '../shared/errors.js';
import { formatProgram } from './package-programs.js';
import type { ArchiveLimits } from './read-archive.js';
import { mismatchError, openPackage, verifyOpened, type OpenedPackage } from './verify-package.js';

export interface ExtractPackageOptions {
  readonly limits?: Partial<ArchiveLimits>;
  /** Run the programs the package names (a command oracle); refused otherwise. */
  readonly allowCommands?: boolean;
  readonly signal?: AbortSignal;
}

export interface ExtractedPackage extends OpenedPackage {
  /** `DIR/package`, holding exactly the package's files. */
  readonly folder: string;
}

/** The refusal of a package that would run programs, naming each and the flag. */
export function commandsNotAllowed(file: string, programs: readonly string[]): AlcoveError {
  return new AlcoveError(
    'COMMAND_NOT_ALLOWED',
    `${file} would run ${programs.join(', ')}; check it with verify and pass --allow-commands to run it`,
  );
}

export async function extractPackage(
  file: string,
  stateDir: string,
  options: ExtractPackageOptions = {},
): Promise<ExtractedPackage> {
  const target = resolve(stateDir);
  const parent = dirname(target);
  const createdParent = await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.unpack-`));
  try {
    const pkg = await openPackage(file, {
      extractTo: tmp,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const check = verifyOpened(pkg);
    if (!check.ok) throw mismatchError(file, check);
    if (pkg.programs.length > 0 && options.allowCommands !== true)
      throw commandsNotAllowed(file, pkg.programs.map(formatProgram));
    const folder = join(target, 'package');
    await mkdir(target, { recursive: true });
    // A previous reproduce's copy (running the command again continues an interrupted re-run).
    await rm(folder, { recursive: true, force: true });
    await rename(tmp, folder);
    return { ...pkg, folder };
  } catch (error) {
    await rm(createdParent ?? tmp, { recursive: true, force: true });
    throw error;
  }
}
