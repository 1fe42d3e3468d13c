/**
 * The installed command: `npx alcove` runs dist/cli/main.js, and `npm start` starts from dist/ without
 * compiling while dist/ is current (built from the sources as they are). Staleness is a sha256 over the
 * sources: a changed or added file makes dist/ stale, a touched one does not.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDistCurrent, sourceDigest } from '../../scripts/dist-build.mjs';
import { REPO_ROOT } from '../helpers/cli.js';

const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function run(command: string, args: readonly string[]) {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('dist staleness', () => {
  const root = mkdtempSync(join(tmpdir(), 'alcove-dist-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}\n');
  const stamp = () => writeFileSync(join(root, 'dist', '.source-sha256'), `${sourceDigest(root)}\n`);

  it('no stamp is stale; a stamp of the current sources is current', () => {
    expect(isDistCurrent(root)).toBe(false);
    stamp();
    expect(isDistCurrent(root)).toBe(true);
  });

  it('a changed, added or removed source makes it stale; touching one does not', () => {
    stamp();
    const main = join(root, 'src', 'cli', 'main.ts');
    utimesSync(main, new Date(), new Date(Date.UTC(2030, 0, 1)));
    expect(isDistCurrent(root)).toBe(true);
    writeFileSync(main, 'export const x = 1;\n');
    expect(isDistCurrent(root)).toBe(false);
    writeFileSync(main, 'export {};\n');
    expect(isDistCurrent(root)).toBe(true);
    writeFileSync(join(root, 'src', 'cli', 'extra.ts'), '');
    expect(isDistCurrent(root)).toBe(false);
    rmSync(join(root, 'src', 'cli', 'extra.ts'));
    expect(isDistCurrent(root)).toBe(true);
    writeFileSync(join(root, 'tsconfig.build.json'), '{"compilerOptions":{}}\n');
    expect(isDistCurrent(root)).toBe(false);
  });
});

describe('the installed command', () => {
  // `npm ci` builds dist/ (the prepare script); in a checkout where a source changed since, build it once here.
  beforeAll(async () => {
    const built = await run(process.execPath, [join(REPO_ROOT, 'scripts', 'dist-build.mjs')]);
    expect(built.code, built.stderr).toBe(0);
  }, 600_000);

  it('npm start does not rebuild a current dist/ and runs the command', async () => {
    expect(isDistCurrent(REPO_ROOT)).toBe(true);
    const r = await run('npm', ['start', '--silent', '--', '--version']);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await run('npm', ['start', '--silent', '--', 'status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: alcove status/);
    expect(help.stderr).not.toMatch(/building/);
  }, 120_000);

  it('npx alcove runs the bin: --version, and an unknown option is exit 2', async () => {
    expect(await run('npx', ['--no-install', 'alcove', '--version'])).toMatchObject({
      code: 0,
      stdout: `${version}\n`,
    });
    const bad = await run('npx', ['--no-install', 'alcove', '--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("alcove: unknown option '--nope'; see alcove run --help\n");
  }, 120_000);
});

describe('the package as a library', () => {
  it("import('alcove') reads dist/ through package.json exports, with its declarations", async () => {
    const script =
      "import('alcove').then((m) => console.log(['runCampaign', 'loadConfig', 'createPoolSet'].map((k) => typeof m[k]).join(' ')))";
    const r = await run(process.execPath, ['--input-type=module', '-e', script]);
    expect(r, r.stderr).toMatchObject({ code: 0, stdout: 'function function function\n' });
    const types = readFileSync(join(REPO_ROOT, 'dist', 'index.d.ts'), 'utf8');
    for (const name of ['runCampaign', 'loadConfig', 'Surrogate', 'Oracle', 'Executor', 'CampaignConfig']) {
      expect(types).toMatch(new RegExp(`\\b${name}\\b`));
    }
  }, 60_000);
});
