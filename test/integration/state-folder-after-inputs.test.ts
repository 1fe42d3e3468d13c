/**
 * The state folder is created only once the config and the dataset are valid: bad input (exit 2) leaves
 * no folder behind, and an existing campaign untouched (not moved aside by --fresh, no lock, no files).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-state-after-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFor(name: string, dataset: string, csv?: string): string {
  if (csv !== undefined) writeFileSync(join(dir, `${name}.csv`), csv);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `dataset: ${dataset}
oracle: { kind: lookup }
campaign: { initial: 2, batch: 2, generations: 1, test_fraction: 0 }
`,
  );
  return file;
}

const CASES = [
  {
    what: 'a dataset path that does not exist',
    config: () => configFor('missing', '{ path: no-such.csv, label_column: y }'),
    message: /no-such\.csv/,
  },
  {
    what: 'a CSV without the label column',
    config: () => configFor('no-label', '{ path: no-label.csv, label_column: y }', 'smiles,z\nCCO,1\nCCC,2\n'),
    message: /no column "y" \(dataset.label_column\) in \S+no-label\.csv/,
  },
  {
    what: 'a CSV whose labels are all one value',
    config: () => configFor('one-value', '{ path: one-value.csv, label_column: y }', 'smiles,y\nCCO,1\nCCC,1\nCCN,1\n'),
    message: /one-value\.csv/,
  },
];

describe('bad input leaves no state folder', () => {
  for (const c of CASES) {
    it(c.what, async () => {
      const stateDir = join(dir, 'state', c.what.replace(/\W+/g, '-'));
      const res = await runCli(['--config', c.config(), '--state-dir', stateDir, '--quiet']);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toMatch(c.message);
      expect(existsSync(stateDir)).toBe(false);
    });
  }

  it('--fresh over a campaign with a bad dataset keeps that campaign where it is', async () => {
    const stateDir = join(dir, 'kept');
    mkdirSync(stateDir);
    writeFileSync(join(stateDir, 'state.json'), '{}\n');
    const config = configFor('fresh-missing', '{ path: gone.csv, label_column: y }');
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--fresh', '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(readdirSync(stateDir)).toEqual(['state.json']);
    expect(readdirSync(dir).filter((f) => f.startsWith('kept.old-'))).toEqual([]);
  });
});
