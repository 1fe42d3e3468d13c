/**
 * A package whose campaign runs a program (a command oracle), from the command line: verify lists the program,
 * reproduce refuses it with exit 2 unless --allow-commands is given. The program leaves a marker file, so the
 * test sees whether it ran; the last case runs it on purpose, to show the marker would appear.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifest, PACKAGE_MANIFEST } from '../../src/package/package-manifest.js';
import { writeArchive, type ArchiveEntry } from '../../src/package/write-archive.js';
import { runCli } from '../helpers/cli.js';
import { campaignFiles } from '../helpers/raw-tar.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-pkg-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = join(dir, 'make-marker.sh');
const marker = join(dir, 'marker');
// Scores each molecule by its SMILES length, after leaving the marker.
writeFileSync(
  program,
  `#!/bin/sh\ntouch "$1"\nawk -F, 'NR == 1 { print "id,score"; next } { print $1 "," length($2) }'\n`,
);
chmodSync(program, 0o755);

const CONFIG = `name: cmd
seed: 1
dataset: { builtin: amide-library, subsample: 100 }
featurizer: { kind: morgan, radius: 2, bits: 256 }
model: { trees: 3, max_depth: 4 }
campaign: { initial: 10, batch: 10, generations: 1, top_k: 5 }
oracle: { kind: command, argv: [${JSON.stringify(program)}, ${JSON.stringify(marker)}] }
`;

const pkg = join(dir, 'cmd.tar.gz');

async function writePackage(): Promise<void> {
  const entries: ArchiveEntry[] = Object.entries(campaignFiles(CONFIG)).map(([path, text]) => ({
    path,
    data: Buffer.from(text),
  }));
  const manifest = buildManifest('campaign', entries, '2026-01-01T00:00:00.000Z');
  await writeArchive([{ path: PACKAGE_MANIFEST, data: Buffer.from(JSON.stringify(manifest)) }, ...entries], pkg);
}

describe('a package that would run a program', () => {
  it('verify lists the program and the flag that allows it', async () => {
    await writePackage();
    const r = await runCli(['verify', pkg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`runs program: ${JSON.stringify(program)}`);
    expect(r.stdout).toContain('--allow-commands');
    expect(existsSync(marker)).toBe(false);
  });

  it('reproduce without --allow-commands exits 2, names the program, runs nothing and writes nothing', async () => {
    const state = join(dir, 'state');
    const before = readdirSync(dir).sort();
    const r = await runCli(['reproduce', pkg, '--state-dir', state]);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stderr).toContain(JSON.stringify(program));
    expect(r.stderr).toContain('--allow-commands');
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('reproduce with --allow-commands runs it', async () => {
    const r = await runCli(['reproduce', pkg, '--state-dir', join(dir, 'allowed'), '--allow-commands', '--quiet']);
    expect(existsSync(marker), r.stderr + r.stdout).toBe(true);
    // The packaged metrics are made up, so the re-run differs: a failed check, not a refusal.
    expect(r.code, r.stderr).toBe(1);
  });
});
