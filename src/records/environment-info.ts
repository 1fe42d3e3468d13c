/**
 * What a run ran on, for the audit trail's `run-start`: Node, OS, CPU, memory, host, Alcove and the exact
 * installed versions of the packages that shape results, and the git commit with a dirty flag.
 *
 * Never throws: anything that cannot be read is `null`. Fast: most of its time is the two `git` calls
 * (figures in bench/README.md), which run with a short timeout and `--no-optional-locks`, so they neither
 * hang on a slow file system nor take `index.lock` from under a user's own git command.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { arch, availableParallelism, cpus, hostname, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

/** The packages whose versions can change results or behaviour. */
export const KEY_PACKAGES = [
  'xstate',
  'piscina',
  'zod',
  'yaml',
  'lowdb',
  '@rdkit/rdkit',
  'ml-random-forest',
  'plotly.js-dist',
] as const;
export type KeyPackage = (typeof KEY_PACKAGES)[number];

export interface EnvironmentInfo {
  /** `process.version`, e.g. `v20.20.2`. */
  readonly node: string;
  readonly os: { readonly platform: string; readonly release: string };
  readonly arch: string;
  readonly cpu: { readonly model: string | null; readonly count: number };
  readonly totalMemoryBytes: number;
  readonly host: string;
  /** `version` of the repo's package.json. */
  readonly alcove: string | null;
  /** Installed versions (package-lock.json, else the package's own package.json); null when not installed. */
  readonly packages: Readonly<Record<KeyPackage, string | null>>;
  /** RDKit's own version string, when the caller has a loaded module at hand (loading WASM here is not cheap). */
  readonly rdkit: string | null;
  /** `git rev-parse HEAD`: 40 hex digits, or null without git or a `.git`. */
  readonly gitCommit: string | null;
  /** Uncommitted changes (tracked or untracked, per `git status --porcelain`); null when unknown. */
  readonly gitDirty: boolean | null;
}

export interface CollectEnvironmentOptions {
  readonly rdkitVersion?: string | null;
  /** Timeout of each git call, ms; default 1500. */
  readonly gitTimeoutMs?: number;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function field(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The installed versions, once per repository per process, for the reason the git facts are (below): the
 * packages a run uses are the ones this process loaded, and parsing package-lock.json again for each of a
 * sweep's campaigns was main-thread time the worker pool waited on.
 */
const installed = new Map<string, { alcove: string | null; packages: Record<KeyPackage, string | null> }>();

function installedVersions(repoRoot: string): { alcove: string | null; packages: Record<KeyPackage, string | null> } {
  const known = installed.get(repoRoot);
  if (known !== undefined) return known;
  const facts = {
    alcove: str(field(readJson(join(repoRoot, 'package.json')), 'version')),
    packages: packageVersions(repoRoot),
  };
  installed.set(repoRoot, facts);
  return facts;
}

function packageVersions(repoRoot: string): Record<KeyPackage, string | null> {
  const lock = readJson(join(repoRoot, 'package-lock.json'));
  const out = {} as Record<KeyPackage, string | null>;
  for (const name of KEY_PACKAGES) {
    out[name] =
      str(field(lock, 'packages', `node_modules/${name}`, 'version')) ??
      str(field(readJson(join(repoRoot, 'node_modules', name, 'package.json')), 'version'));
  }
  return out;
}

function git(repoRoot: string, args: readonly string[], timeout: number): string | null {
  try {
    return execFileSync('git', ['--no-optional-locks', ...args], {
      cwd: repoRoot,
      timeout,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

/**
 * The git facts, once per repository per process: the code that runs was loaded when the process started,
 * so a later edit does not change what it runs, and a sweep's 1,000 campaigns would otherwise block the
 * main thread on two synchronous `git` processes each (measured: ~280 ms a campaign on a loaded machine).
 */
const gitFacts = new Map<string, { gitCommit: string | null; gitDirty: boolean | null }>();

function readGitFacts(repoRoot: string, timeout: number): { gitCommit: string | null; gitDirty: boolean | null } {
  const known = gitFacts.get(repoRoot);
  if (known !== undefined) return known;
  let gitCommit: string | null = null;
  let gitDirty: boolean | null = null;
  if (existsSync(join(repoRoot, '.git'))) {
    const head = git(repoRoot, ['rev-parse', 'HEAD'], timeout)?.trim() ?? '';
    gitCommit = /^[0-9a-f]{40}$/.test(head) ? head : null;
    if (gitCommit !== null) {
      const status = git(repoRoot, ['status', '--porcelain'], timeout);
      gitDirty = status === null ? null : status.trim().length > 0;
    }
  }
  const facts = { gitCommit, gitDirty };
  gitFacts.set(repoRoot, facts);
  return facts;
}

export function collectEnvironment(repoRoot: string, options: CollectEnvironmentOptions = {}): EnvironmentInfo {
  const { gitCommit, gitDirty } = readGitFacts(repoRoot, options.gitTimeoutMs ?? 1500);
  const versions = installedVersions(repoRoot);
  let cpuList: ReturnType<typeof cpus> = [];
  try {
    cpuList = cpus();
  } catch {
    cpuList = [];
  }
  let host = 'unknown';
  try {
    host = hostname();
  } catch {
    host = 'unknown';
  }
  return {
    node: process.version,
    os: { platform: platform(), release: release() },
    arch: arch(),
    cpu: { model: str(cpuList[0]?.model?.trim()), count: cpuList.length > 0 ? cpuList.length : availableParallelism() },
    totalMemoryBytes: totalmem(),
    host,
    alcove: versions.alcove,
    packages: { ...versions.packages },
    rdkit: options.rdkitVersion ?? null,
    gitCommit,
    gitDirty,
  };
}
