/**
 * Unpacks a package for `reproduce` into `DIR/package/`, all or nothing: entries are written into a fresh temp
 * folder beside DIR, and only when the whole archive passed (safe names, sizes, manifest) is it
 * renamed into place. On any refusal the temp folder (and any parent folder this call created) is removed, so
 * DIR and everything around it are as they were.
 */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArchiveLimits } from './read-archive.js';
import { mismatchError, openPackage, verifyOpened, type OpenedPackage } from './verify-package.js';

export interface ExtractPackageOptions {
  readonly limits?: Partial<ArchiveLimits>;
  readonly signal?: AbortSignal;
}

export interface ExtractedPackage extends OpenedPackage {
  /** `DIR/package`, holding exactly the package's files. */
  readonly folder: string;
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
