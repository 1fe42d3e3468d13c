/** A pool with nothing to acquire is refused with exit 2 and a reason, instead of looping forever. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-nothing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFor(csv: string, name: string): string {
  writeFileSync(join(dir, `${name}.csv`), csv);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `dataset: { path: ${name}.csv, smiles_column: smiles, label_column: y }
oracle: { kind: lookup }
campaign: { initial: 2, batch: 2, generations: 2, test_fraction: 0 }
`,
  );
  return file;
}

describe('a pool with nothing to acquire', () => {
  it('refuses a header-only file (exit 2), saying why', async () => {
    const config = configFor('smiles,y\n', 'header-only');
    const res = await runCli(['--config', config, '--state-dir', join(dir, 'state-a'), '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/nothing to acquire: 0 rows in .*header-only\.csv/);
  });

  it('refuses a pool whose SMILES are all invalid (exit 2)', async () => {
    const config = configFor('smiles,y\nnot-a-smiles,1\nC1CC,2\n', 'invalid');
    const res = await runCli(['--config', config, '--state-dir', join(dir, 'state-b'), '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toMatch(/nothing to acquire: 2 rows in .*invalid\.csv, 2 with invalid SMILES/);
  });
});
