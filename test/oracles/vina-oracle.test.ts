/**
 * The docking example (examples/oracles/vina): Open Babel and AutoDock Vina dock a handful of molecules
 * against the receptor Debian's autodock-vina ships, and a tiny prospective campaign with it finishes.
 * Skipped, saying so, where `vina` or `obabel` is not installed (.ci/run installs both).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const ORACLE = join(REPO_ROOT, 'examples/oracles/vina/vina-oracle.mjs');
const missing = ['vina', 'obabel'].filter((p) => spawnSync(p, ['--help'], { stdio: 'ignore' }).error !== undefined);
if (missing.length > 0) {
  console.warn(
    `vina-oracle tests skipped: ${missing.join(' and ')} not on PATH (apt-get install autodock-vina openbabel)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'alcove-vina-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Small molecules: a docking of each takes seconds at exhaustiveness 1.
const SMALL = ['CCO', 'Oc1ccccc1', 'CC(=O)Oc1ccccc1C(=O)O', 'CC(=O)Nc1ccc(O)cc1', 'NCCc1ccccc1', 'OC(=O)c1ccccc1'];
const MORE = ['Cc1ccccc1', 'CCN(CC)CC', 'c1ccc2ccccc2c1', 'CC(C)Cc1ccc(C(C)C(=O)O)cc1'];

function dock(csv: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(ORACLE, [], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(csv);
  });
}

describe.skipIf(missing.length > 0)('the Vina docking oracle', () => {
  it('docks a handful of molecules: best affinities, and an empty score for one it cannot build', async () => {
    const csv = `id,smiles\n${SMALL.slice(0, 3)
      .map((s, i) => `m${i},${s}`)
      .join('\n')}\nbad,not-a-smiles\n`;
    const r = await dock(csv);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,score');
    const scores = new Map(lines.slice(1).map((l) => l.split(',') as [string, string]));
    expect([...scores.keys()]).toEqual(['m0', 'm1', 'm2', 'bad']);
    for (const id of ['m0', 'm1', 'm2']) {
      const v = Number(scores.get(id));
      // Affinities in kcal/mol: negative, and within what small ligands reach.
      expect(v, `${id}: ${r.stderr}`).toBeLessThan(0);
      expect(v).toBeGreaterThan(-15);
    }
    expect(scores.get('bad')).toBe('');
    expect(r.stderr).toContain("bad: Open Babel could not build 'not-a-smiles'");
  }, 600_000);

  it('labels a tiny prospective campaign that finishes', async () => {
    const data = join(dir, 'small.csv');
    writeFileSync(data, `id,smiles\n${[...SMALL, ...MORE].map((s, i) => `s${i},${s}`).join('\n')}\n`);
    const config = join(dir, 'vina.yaml');
    writeFileSync(
      config,
      `name: vina-tiny
dataset: { path: ${JSON.stringify(data)}, id_column: id }
objective: minimize
featurizer: { kind: morgan, radius: 2, bits: 256 }
model: { trees: 5, max_depth: 4 }
oracle: { kind: command, argv: [${JSON.stringify(ORACLE)}], timeout_s: 1200 }
campaign: { initial: 3, batch: 2, generations: 1, top_k: 2, hit_threshold: -4 }
`,
    );
    const stateDir = join(dir, 'state');
    const r = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(stateDir, 'summary.json'), 'utf8')) as {
      status: string;
      oracle_calls: number;
      oracle_failures: number;
      history: { metrics: Record<string, number | null> }[];
    };
    expect(s.status).toBe('done');
    expect(s.oracle_calls).toBe(5);
    expect(s.oracle_failures).toBe(0);
    expect(s.history.map((h) => typeof h.metrics.explored_topk_mean)).toEqual(['number', 'number']);
    expect(s.history[0]?.metrics.best_label).toBeLessThan(0);
    expect(typeof s.history[1]?.metrics.batch_rmse).toBe('number');
    expect(readFileSync(join(stateDir, 'explored.csv'), 'utf8').trim().split('\n')).toHaveLength(6);
  }, 600_000);
});
