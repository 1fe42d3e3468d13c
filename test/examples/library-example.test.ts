/**
 * The programmatic use in examples/library/run-campaign.ts runs as documented: a small campaign through the
 * library API (loadConfig, createPoolSet, runCampaign, the event bus), one line per round.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-library-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/library/run-campaign.ts', () => {
  it('runs a campaign through the library API and prints each round', async () => {
    const stateDir = join(dir, 'state');
    const args = ['campaign.generations=1', 'dataset.subsample=300', 'workers=1', 'model.trees=16'];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'examples', 'library', 'run-campaign.ts'), stateDir, ...args],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^generation 0: 6 labeled, (r2|topk_scores) -?\d\.\d{3}\ngeneration 1: 12 labeled/m);
    expect(stdout).toMatch(/^done: 12 labeled in 2 rounds$/m);
    const summary = JSON.parse(readFileSync(join(stateDir, 'summary.json'), 'utf8')) as { status: string };
    expect(summary.status).toBe('done');
  }, 180_000);
});
