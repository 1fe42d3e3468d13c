/**
 * Lab-in-the-loop through the real CLI: `oracle: { kind: manual }` writes the batch and exits with the
 * waiting code; `--tell` refuses a bad file by row with nothing applied, accepts partial results (the
 * rest stay pending), and continues the campaign to its end.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/command-context.js';
import { parseCsv } from '../../src/shared/csv.js';
import { readJson } from '../helpers/campaign-history.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-manual-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = join(dir, 'lab.yaml');
writeFileSync(
  config,
  `name: lab
seed: 3
dataset: { builtin: amide-library, subsample: 120 }
featurizer: { kind: morgan, radius: 2, bits: 512 }
model: { trees: 8, max_depth: 4 }
oracle: { kind: manual }
campaign: { initial: 6, batch: 4, generations: 1 }
`,
);
const stateDir = join(dir, 'state');
const cli = (...more: string[]) => runCli(['--config', config, '--state-dir', stateDir, '--quiet', ...more]);
const batch = (g: number) => parseCsv(readFileSync(join(stateDir, 'batches', `generation-${g}.csv`), 'utf8'));
const results = (name: string, rows: string[]) => {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `id,score\n${rows.join('\n')}\n`);
  return path;
};

describe('the manual oracle', () => {
  it('hands each batch to the lab, waits, and takes the results back with --tell', async () => {
    const first = await cli();
    expect(first.code, first.stderr).toBe(EXIT.waiting);
    expect(first.stdout).toMatch(/waiting: 6 of 6 molecules of generation 0 .*batches\/generation-0\.csv/);
    const b0 = batch(0);
    expect(b0.header).toEqual(['id', 'smiles', 'predicted_mean', 'predicted_uncertainty']);
    expect(b0.rows).toHaveLength(6);
    expect(readJson<{ status: string }>(join(stateDir, 'summary.json')).status).toBe('waiting');
    const ids = b0.rows.map((r) => r[0] ?? '');

    const journal = join(stateDir, 'oracle-journal.jsonl');
    const bad = await cli(
      '--tell',
      results('bad', [`${ids[0]},1.5`, 'nope,2', `${ids[1]},abc`, `${ids[2]},`, `${ids[0]},1.5`]),
    );
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/nothing applied, 4 bad row\(s\)/);
    expect(bad.stderr).toMatch(/row 3: id 'nope' is not in batches\/generation-0\.csv/);
    expect(bad.stderr).toMatch(/row 4: 'abc' is not a number/);
    expect(bad.stderr).toMatch(/row 5: no value for/);
    expect(bad.stderr).toMatch(/row 6: id '.*' again \(first on row 2\)/);
    expect(existsSync(journal) ? readFileSync(journal, 'utf8') : '').toBe('');

    const partial = await cli('--tell', results('partial', [`${ids[0]},0.5`, `${ids[1]},0.25`]));
    expect(partial.code, partial.stderr).toBe(EXIT.waiting);
    expect(partial.stdout).toMatch(/waiting: 4 of 6 molecules of generation 0/);
    const again = await cli('--tell', results('again', [`${ids[0]},0.5`]));
    expect(again.stderr).toMatch(/row 2: id '.*' already has a result/);

    const rest = ids.slice(2).map((id, j) => `${id},${j === 0 ? 'failed' : 0.1 * j}`);
    const second = await cli('--tell', results('rest', rest));
    expect(second.code, second.stderr).toBe(EXIT.waiting);
    expect(second.stdout).toMatch(/waiting: 4 of 4 molecules of generation 1/);
    const b1 = batch(1);
    expect(b1.rows).toHaveLength(4);
    // Chosen by the model: its prediction and uncertainty are in the file.
    expect(b1.rows.every((r) => Number.isFinite(Number(r[2])) && r[2] !== '' && Number(r[3]) >= 0)).toBe(true);

    const done = await cli(
      '--tell',
      results(
        'g1',
        b1.rows.map((r) => `${r[0]},0.7`),
      ),
    );
    expect(done.code, done.stderr).toBe(EXIT.done);
    const summary = readJson<{ status: string; labeled: number; oracle_failures: number }>(
      join(stateDir, 'summary.json'),
    );
    expect(summary).toMatchObject({ status: 'done', labeled: 10, oracle_failures: 1 });

    const late = await cli('--tell', results('late', [`${ids[0]},1`]));
    expect(late.code).toBe(EXIT.usage);
    expect(late.stderr).toMatch(/is not waiting for results \(it is done\)/);
  });
});
