/** A campaign whose executor is SLURM where there is no `sbatch`: one line naming `executor.kind`, exit 2. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-slurm-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('executor.kind: slurm without SLURM', () => {
  it('exits 2 naming executor.kind, before the state folder is claimed', () => {
    const config = join(dir, 'c.yaml');
    writeFileSync(
      config,
      'seed: 1\ndataset: { builtin: amide-library, subsample: 50 }\nexecutor: { oracle: { kind: slurm } }\n',
    );
    const stateDir = join(dir, 'state');
    // A PATH without the SLURM tools (node itself is started by its absolute path).
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--config', config, '--state-dir', stateDir],
      { cwd: REPO_ROOT, env: { ...process.env, PATH: join(dir, 'empty') }, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('executor.kind: slurm needs the SLURM client tools on PATH');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(stateDir, 'lock'))).toBe(false);
  });
});
