/**
 * `--resume` checks what it resumes on: a changed dataset is refused (exit 2, the file and both
 * digests named); db.json and summary.json, views of the checkpoint, are rebuilt when corrupt.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv = join(dir, 'pool.csv');
const rows = Array.from(
  { length: 30 },
  (_, i) => `${'C'.repeat(1 + (i % 10))}${i >= 10 ? 'O' : ''}${i >= 20 ? 'N' : ''},${i}`,
);
const config = join(dir, 'small.yaml');
const stateDir = join(dir, 'state');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  writeFileSync(csv, `smiles,y\n${rows.join('\n')}\n`);
  writeFileSync(
    config,
    `dataset: { path: pool.csv, smiles_column: smiles, label_column: y }
oracle: { kind: lookup }
model: { trees: 5 }
campaign: { initial: 4, batch: 3, generations: 2, test_fraction: 0 }
`,
  );
  const res = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
  expect(res.code, res.stderr).toBe(0);
});

describe('--resume integrity', () => {
  it('rebuilds a corrupt db.json and summary.json from the checkpoint', async () => {
    const db = JSON.parse(readFileSync(join(stateDir, 'db.json'), 'utf8')) as { rounds: unknown[] };
    writeFileSync(join(stateDir, 'db.json'), '{"rounds": [');
    writeFileSync(join(stateDir, 'summary.json'), '');
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--resume']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/warning: .*db\.json was not valid JSON.*rebuilt from the checkpoint/);
    const rebuilt = JSON.parse(readFileSync(join(stateDir, 'db.json'), 'utf8')) as { rounds: unknown[] };
    expect(rebuilt.rounds).toEqual(db.rounds);
    const summary = JSON.parse(readFileSync(join(stateDir, 'summary.json'), 'utf8')) as { status: string };
    expect(summary.status).toBe('done');
  });

  it('refuses a dataset that changed since the checkpoint, naming the file and both digests', async () => {
    const before = sha(csv);
    writeFileSync(csv, `smiles,y\n${rows.join('\n')}\nCCCCCCCCCCCC,99\n`);
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--resume', '--quiet']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stderr).toContain(`the dataset ${csv} changed`);
    expect(res.stderr).toContain(before);
    expect(res.stderr).toContain(sha(csv));
  });
});
