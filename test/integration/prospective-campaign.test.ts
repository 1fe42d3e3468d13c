/**
 * Prospective campaigns from the command line, with a real command oracle (RDKit's logP, which knows
 * nothing of the pool): every round has the metrics that need no truth and the campaign stops by MolPAL's
 * convergence rule; a call budget and a batch schedule size the batches; scores imported from a file are
 * never sent to the oracle and not counted against the budget; the exports are written each round.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relativeGainConverged } from '../../src/strategies/stopping.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-prospective-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LOGP = join(REPO_ROOT, 'examples/oracles/logp-oracle.mjs');
// The oracle, logging every batch it is sent, to count what was scored.
const sent = join(dir, 'sent.csv');
const oracle = join(dir, 'oracle.sh');
writeFileSync(oracle, `#!/bin/sh\ntee -a ${JSON.stringify(sent)} | ${JSON.stringify(LOGP)}\n`);
chmodSync(oracle, 0o755);

interface Round {
  generation: number;
  labeled: number;
  metrics: Record<string, number | null>;
}
interface Summary {
  status: string;
  stop_reason: string | null;
  oracle_calls: number;
  history: Round[];
}
interface Db {
  acquisitions: { generation: number; smiles: string; label: number | null }[];
}

function config(name: string, campaign: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}
seed: 3
dataset: { builtin: amide-library, subsample: 300 }
featurizer: { kind: morgan, radius: 2, bits: 512 }
model: { trees: 8, max_depth: 6 }
oracle: { kind: command, argv: [${JSON.stringify(oracle)}] }
campaign: ${campaign}
`,
  );
  return path;
}

async function run(name: string, campaign: string) {
  const stateDir = join(dir, name);
  const res = await runCli(['--config', config(name, campaign), '--state-dir', stateDir, '--quiet']);
  const read = <T>(file: string) => JSON.parse(readFileSync(join(stateDir, file), 'utf8')) as T;
  return { res, stateDir, summary: () => read<Summary>('summary.json'), db: () => read<Db>('db.json') };
}

const batchSizes = (db: Db) => {
  const sizes: number[] = [];
  for (const a of db.acquisitions) sizes[a.generation] = (sizes[a.generation] ?? 0) + 1;
  return sizes;
};

describe('a prospective campaign (no ground truth)', () => {
  it('reports explored_topk_mean and batch_rmse every round and stops by convergence', async () => {
    const r = await run(
      'converge',
      '{ initial: 20, batch: 20, generations: 12, top_k: 5, convergence: { window: 2, delta: 0.02 } }',
    );
    expect(r.res.code, r.res.stderr).toBe(0);
    const s = r.summary();
    expect(s.status).toBe('done');
    expect(s.stop_reason).toBe('converged');
    expect(s.history.length).toBeLessThan(13);
    for (const round of s.history) {
      expect(typeof round.metrics.explored_topk_mean, `generation ${round.generation}`).toBe('number');
      expect(typeof round.metrics.best_label).toBe('number');
      expect(round.metrics.topk_scores).toBeUndefined();
      // The first batch is random: nothing was predicted for it.
      if (round.generation === 0) expect(round.metrics.batch_rmse).toBeNull();
      else expect(typeof round.metrics.batch_rmse, `generation ${round.generation}`).toBe('number');
    }
    // It stopped at the first round where the rule holds, and not before.
    const series = s.history.map((h) => h.metrics.explored_topk_mean ?? null);
    const rule = { window: 2, delta: 0.02 };
    expect(relativeGainConverged(series, rule)).toBe(true);
    expect(relativeGainConverged(series.slice(0, -1), rule)).toBe(false);
    // Exports: every labeled molecule, with the prediction it was chosen on; each generation's ranking.
    const explored = readFileSync(join(r.stateDir, 'explored.csv'), 'utf8').trim().split('\n');
    expect(explored[0]).toBe('id,smiles,generation,label,source,predicted,uncertainty');
    expect(explored.length - 1).toBe(s.history[s.history.length - 1]?.labeled);
    const later = explored.slice(1).filter((line) => !line.includes(',0,'));
    expect(later.every((line) => /,oracle,-?\d[^,]*,\d[^,]*$/.test(line))).toBe(true);
    const ranking = readFileSync(join(r.stateDir, 'predictions', 'generation-1.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(ranking[0]).toBe('rank,id,smiles,acquisition_score,predicted,uncertainty,chosen');
    // 280 candidates after the first 20, all of them (export_top 1,000); greedy chose the best 20.
    expect(ranking.length - 1).toBe(280);
    expect(ranking.slice(1, 21).every((line) => line.endsWith(',1'))).toBe(true);
    expect(ranking.slice(21).every((line) => line.endsWith(',0'))).toBe(true);
    const manifest = readFileSync(join(r.stateDir, 'manifest.json'), 'utf8');
    expect(manifest).toContain('"explored.csv"');
    expect(manifest).toContain('"predictions/generation-1.csv"');
  });

  it('sizes batches by the schedule and stops when the call budget is spent', async () => {
    const r = await run('budget', '{ initial: 10, batch: [5, 10], generations: 20, budget: 42, export_top: 7 }');
    expect(r.res.code, r.res.stderr).toBe(0);
    const s = r.summary();
    expect(s.stop_reason).toBe('budget');
    expect(s.oracle_calls).toBe(42);
    // 10, then 5, then 10 repeating, the last batch cut to the 7 calls left.
    expect(batchSizes(r.db())).toEqual([10, 5, 10, 10, 7]);
    const ranking = readFileSync(join(r.stateDir, 'predictions', 'generation-4.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(ranking.length - 1).toBe(7);
  });

  it('imports scores from a file: never sent to the oracle, not counted against the budget', async () => {
    const pool = readFileSync(join(dir, 'budget', 'explored.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const smiles = pool.slice(0, 12).map((line) => line.split(',')[1] as string);
    const file = join(dir, 'measured.csv');
    writeFileSync(file, `smiles,pIC50\n${smiles.map((s, i) => `${s},${100 + i}`).join('\n')}\nC(not-in-pool,1\n`);
    rmSync(sent, { force: true });
    const r = await run(
      'imported',
      `{ initial_from: { file: ${JSON.stringify(file)}, smiles_column: smiles, score_column: pIC50 }, batch: 10, generations: 5, budget: 20 }`,
    );
    expect(r.res.code, r.res.stderr).toBe(0);
    const s = r.summary();
    expect(s.stop_reason).toBe('budget');
    expect(s.oracle_calls).toBe(20);
    const db = r.db();
    expect(batchSizes(db)).toEqual([12, 10, 10]);
    expect(db.acquisitions.filter((a) => a.generation === 0).map((a) => a.label)).toEqual(
      smiles.map((_, i) => 100 + i),
    );
    const scored = readFileSync(sent, 'utf8');
    for (const smi of smiles) expect(scored).not.toContain(`,${smi}\n`);
    expect(scored.split('\n').filter((l) => l !== '' && l !== 'id,smiles')).toHaveLength(20);
    expect(s.history[0]?.metrics.best_label).toBe(111);
    const explored = readFileSync(join(r.stateDir, 'explored.csv'), 'utf8');
    expect(explored.match(/,imported,/g)).toHaveLength(12);
  });

  it('refuses an imported score that is not a number, naming the file and row', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'smiles,score\nCCO,1.5\nCCN,n/a\n');
    const r = await run('bad-import', `{ initial_from: { file: ${JSON.stringify(file)}, score_column: score } }`);
    expect(r.res.code).toBe(2);
    expect(r.res.stderr).toContain(`${file} row 3: score_column 'score' is 'n/a', not a finite number`);
    expect(r.res.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.stateDir, 'summary.json'))).toBe(false);
  });
});
