/**
 * Fuzz through the real CLI process (checkpoints and packages here; configs and datasets in
 * cli-inputs.fuzz.test.ts): each ends in their documented exit code (2 for bad input; verify 0/1/2) with messages and no stack trace,
 * and write nothing outside their temp folder (a refused checkpoint is left as it was).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/command-context.js';
import { buildManifest, PACKAGE_MANIFEST } from '../../src/package/package-manifest.js';
import { writeArchive, type ArchiveEntry } from '../../src/package/write-archive.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { campaignFiles } from '../helpers/raw-tar.js';
import { cliCaseFolders, expectMessages } from './cli-cases.js';
import { fuzzRuns, STACK_LINE } from './fuzz-settings.js';
import { applyByteEdits, byteEdits } from './mutations.js';

const caseDir = cliCaseFolders('cli-state');
const CHECKPOINT = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'legacy-state', 'state.json'));

describe('CLI fuzz: checkpoints and packages', () => {
  it('hostile checkpoints on --resume: exit 2, the file left as it was', async () => {
    await fc.assert(
      fc.asyncProperty(byteEdits, async (edits) => {
        const dir = caseDir();
        const bytes = applyByteEdits(CHECKPOINT, edits);
        mkdirSync(join(dir, 'state'));
        writeFileSync(join(dir, 'state', 'state.json'), bytes);
        // The default config's hash differs from the fixture's: even an intact envelope is refused.
        const r = await runCli(['--resume', '--state-dir', join(dir, 'state'), '--quiet']);
        expect(r.code, r.stderr).toBe(EXIT.usage);
        expectMessages(r.stderr);
        expect(readFileSync(join(dir, 'state', 'state.json')).equals(bytes)).toBe(true);
      }),
      fuzzRuns(3),
    );
  });

  it('hostile packages on verify: exit 0, 1 or 2, messages only', async () => {
    const entries: ArchiveEntry[] = Object.entries(
      campaignFiles('name: p\ndataset: { builtin: amide-library, subsample: 50 }\n'),
    ).map(([path, text]) => ({ path, data: Buffer.from(text) }));
    const manifest = buildManifest('campaign', entries, '2026-01-01T00:00:00.000Z');
    const real = join(caseDir(), 'real.tar.gz');
    await writeArchive([{ path: PACKAGE_MANIFEST, data: Buffer.from(JSON.stringify(manifest)) }, ...entries], real);
    const gz = readFileSync(real);
    await fc.assert(
      fc.asyncProperty(byteEdits, fc.boolean(), async (edits, inner) => {
        const dir = caseDir();
        const bytes = inner ? gzipSync(applyByteEdits(gunzipSync(gz), edits)) : applyByteEdits(gz, edits);
        writeFileSync(join(dir, 'p.tar.gz'), bytes);
        const r = await runCli(['verify', join(dir, 'p.tar.gz')]);
        expect([EXIT.done, EXIT.failed, EXIT.usage], r.stderr).toContain(r.code);
        if (r.code === EXIT.usage) expectMessages(r.stderr);
        expect(r.stderr).not.toMatch(STACK_LINE);
      }),
      fuzzRuns(4),
    );
  });
});
