import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { collectEnvironment, KEY_PACKAGES } from '../../src/records/environment-info.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function gitHead(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('environment info', () => {
  it('describes this machine and this repo', () => {
    const env = collectEnvironment(REPO_ROOT, { rdkitVersion: '2025.09.1' });
    expect(env.node).toBe(process.version);
    expect(env.os.platform).toBe(process.platform);
    expect(env.os.release.length).toBeGreaterThan(0);
    expect(env.arch).toBe(process.arch);
    expect(env.cpu.count).toBeGreaterThan(0);
    expect(env.totalMemoryBytes).toBeGreaterThan(0);
    expect(env.host).toBe(hostname());
    expect(env.rdkit).toBe('2025.09.1');

    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(env.alcove).toBe(pkg.version);
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    expect(Object.keys(env.packages).sort()).toEqual([...KEY_PACKAGES].sort());
    for (const name of KEY_PACKAGES) {
      expect(env.packages[name]).toBe(lock.packages[`node_modules/${name}`]?.version);
      expect(env.packages[name]).toMatch(/^\d+\.\d+\.\d+/);
    }

    const head = existsSync(join(REPO_ROOT, '.git')) ? gitHead() : null;
    expect(env.gitCommit).toBe(head);
    if (head !== null) {
      expect(env.gitCommit).toMatch(/^[0-9a-f]{40}$/);
      expect(typeof env.gitDirty).toBe('boolean');
    } else {
      expect(env.gitDirty).toBeNull();
    }
    expect(collectEnvironment(REPO_ROOT).rdkit).toBeNull();
  });

  it('never throws outside a repo: no git, no lock file, versions from the packages themselves', () => {
    tmp = mkdtempSync(join(tmpdir(), 'alcove-env-'));
    mkdirSync(join(tmp, 'node_modules', 'xstate'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules', 'xstate', 'package.json'), '{"name":"xstate","version":"9.9.9"}');
    mkdirSync(join(tmp, 'node_modules', 'zod'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules', 'zod', 'package.json'), 'not json');
    writeFileSync(join(tmp, 'package-lock.json'), '{"packages":{"node_modules/yaml":{"version":"2.0.1"}}}');
    const env = collectEnvironment(tmp);
    expect(env.gitCommit).toBeNull();
    expect(env.gitDirty).toBeNull();
    expect(env.alcove).toBeNull();
    expect(env.packages.xstate).toBe('9.9.9');
    expect(env.packages.yaml).toBe('2.0.1');
    expect(env.packages.zod).toBeNull();
    expect(env.packages.piscina).toBeNull();
  });

  it('is plain JSON', () => {
    const env = collectEnvironment(REPO_ROOT);
    expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  });

  it('reads the git facts of a repository once per process (the code that runs was loaded at start)', () => {
    tmp = mkdtempSync(join(tmpdir(), 'alcove-env-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'x');
    const first = collectEnvironment(tmp);
    expect(first.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(first.gitDirty).toBe(false);
    writeFileSync(join(tmp, 'new-file.txt'), 'changed after start');
    expect(collectEnvironment(tmp).gitDirty).toBe(false);
  });

  it('reads the installed versions of a repository once per process, and hands out copies', () => {
    tmp = mkdtempSync(join(tmpdir(), 'alcove-env-versions-'));
    writeFileSync(join(tmp, 'package.json'), '{"version":"1.2.3"}');
    writeFileSync(join(tmp, 'package-lock.json'), '{"packages":{"node_modules/zod":{"version":"4.0.0"}}}');
    const first = collectEnvironment(tmp);
    expect(first.alcove).toBe('1.2.3');
    expect(first.packages.zod).toBe('4.0.0');
    (first.packages as Record<string, string | null>).zod = 'edited by a caller';
    writeFileSync(join(tmp, 'package-lock.json'), '{"packages":{"node_modules/zod":{"version":"9.9.9"}}}');
    expect(collectEnvironment(tmp).packages.zod).toBe('4.0.0');
  });
});
