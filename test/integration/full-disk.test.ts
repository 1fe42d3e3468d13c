/**
 * A full disk stops the campaign cleanly: exit 1 with one line naming the file, the last checkpoint
 * still valid, the lock released; once there is space again, --resume finishes the campaign. A real
 * full disk: a small tmpfs (needs root; skipped where `mount` is refused).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/state/checkpoint.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-full-disk-'));
const disk = join(dir, 'disk');
mkdirSync(disk);

function mount(size: string, remount = false): boolean {
  try {
    const opts = remount ? `remount,size=${size}` : `size=${size}`;
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', disk], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // not root, or no mount here: the test is skipped
  }
}
const mounted = mount('24k');
afterAll(() => {
  if (mounted) execFileSync('umount', [disk]);
  rmSync(dir, { recursive: true, force: true });
});

const rows = Array.from({ length: 30 }, (_, i) => `${'C'.repeat(1 + (i % 10))}${i >= 10 ? 'O' : ''},${i}`);
writeFileSync(join(dir, 'pool.csv'), `smiles,y\n${rows.join('\n')}\n`);
const config = join(dir, 'small.yaml');
writeFileSync(
  config,
  `dataset: { path: pool.csv, smiles_column: smiles, label_column: y }
oracle: { kind: lookup }
model: { trees: 5 }
campaign: { initial: 4, batch: 3, generations: 2, test_fraction: 0 }
`,
);

describe.skipIf(!mounted)('a full disk', () => {
  const stateDir = join(disk, 'state');

  it('stops with exit 1 and one line naming the file, the checkpoint valid and the lock released', async () => {
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/cannot write \S+: ENOSPC: no space left on device/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
    expect(() => readCheckpoint(join(stateDir, 'state.json'), null)).not.toThrow();
  });

  it('resumes to the end once space is freed', async () => {
    expect(mount('64m', true)).toBe(true);
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--resume', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(readCheckpoint(join(stateDir, 'state.json'), null).snapshot.value).toBe('done');
  });
});
