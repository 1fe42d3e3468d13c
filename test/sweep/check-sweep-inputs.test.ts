/** A sweep whose dataset file is missing is refused (exit 2, the file and the key named) before its folder exists. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/run-cli.js';
import { runMain } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-sweep-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sweep inputs', () => {
  it('refuses a missing dataset file before creating the sweep folder', async () => {
    const file = join(root, 'bad.yaml');
    writeFileSync(
      file,
      [
        'base:',
        '  dataset: { path: missing.csv, smiles_column: smiles, label_column: y }',
        '  campaign: { initial: 10, batch: 10, generations: 1 }',
        'grid:',
        '  acquisition.strategy: [greedy, random]',
        'metric: topk_scores',
        'goal: maximize',
        '',
      ].join('\n'),
    );
    const stateDir = join(root, 'sweep');
    const r = await runMain(['sweep', '--config', file, '--state-dir', stateDir]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe(
      `alcove: dataset file not found: ${join(root, 'missing.csv')} (base.dataset.path of ${file})\n`,
    );
    expect(existsSync(stateDir)).toBe(false);
  });
});
