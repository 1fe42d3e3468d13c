/**
 * The real pipeline — RDKit featurization, forests, oracles, metrics — on small real slices, through
 * the real worker pool, in process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { prepareDataset } from '../../src/data/prepare-dataset.js';
import { runCampaign } from '../../src/campaign/run-campaign.js';
import { createPoolSet, type PoolSet } from '../../src/pool/pool-set.js';
import { systemClock } from '../../src/shared/clock.js';
import { REPO_ROOT } from '../helpers/cli.js';

const DATASETS = resolve(REPO_ROOT, '..', 'shared', 'datasets');
const hasDatasets = existsSync(join(DATASETS, 'delaney-processed.csv'));
if (!hasDatasets) console.warn(`public data sets not found at ${DATASETS}: ESOL/BBBP slices skipped`);

let pools: PoolSet;
const dir = mkdtempSync(join(tmpdir(), 'alcove-real-'));
beforeAll(() => {
  pools = createPoolSet(parseConfigText('dataset: { builtin: amide-library }', 'x.yaml').config.limits, 2);
});
afterAll(async () => {
  await pools.close();
  rmSync(dir, { recursive: true, force: true });
});

function slice(file: string, rows: number, extra: string[] = []): string {
  const lines = readFileSync(join(DATASETS, file), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const out = join(dir, `slice-${file}`);
  writeFileSync(out, [...lines.slice(0, rows + 1), ...extra].join('\n') + '\n');
  return out;
}

async function run(name: string, yaml: string, sets: string[] = []) {
  const loaded = parseConfigText(yaml, join(dir, `${name}.yaml`), sets);
  const lines: string[] = [];
  const result = await runCampaign({
    loaded,
    stateDir: join(dir, name),
    resume: false,
    pools,
    clock: systemClock,
    log: (l) => lines.push(l),
  });
  return { ...result, lines };
}

describe('the real pipeline on small slices', () => {
  it('built-in library, 1,500 molecules: greedy finds the top 1% far above random', async () => {
    const r = await run(
      'library',
      `seed: 3
dataset: { builtin: amide-library, subsample: 1500 }
featurizer: { kind: morgan, radius: 2, bits: 2048 }
model: { trees: 50, max_depth: 8 }
acquisition: { strategy: greedy }
campaign: { initial: 75, batch: 75, generations: 4, top_k: 15 }
`,
    );
    expect(r.status).toBe('done');
    expect(r.summary.history.map((h) => h.labeled)).toEqual([75, 150, 225, 300, 375]);
    expect(r.summary.oracle_calls).toBe(375);
    const last = r.summary.history.at(-1)!.metrics;
    // Random acquisition would find 375/1500 = 25% of the top 15 on average.
    expect(last.topk_scores).toBeGreaterThan(0.5);
    expect(r.lines.filter((l) => l.startsWith('generation '))).toHaveLength(5);
  });

  it('campaign.initial_from: the first batch is exactly the named molecules, and the campaign goes on from them', async () => {
    const yaml = `seed: 4
dataset: { builtin: amide-library, subsample: 400 }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 20, max_depth: 6 }
acquisition: { strategy: greedy }
campaign: { initial: 0.05, batch: 0.05, generations: 1, initial_from: { file: start.csv } }
`;
    const pool = (await prepareDataset(parseConfigText(yaml, join(dir, 'x.yaml')).config, join(dir, 'pool'))).smiles;
    const named = [7, 123, 7, 250, 399].map((i) => pool.get(i));
    writeFileSync(join(dir, 'start.csv'), `smiles,note\n${named.join(',x\n')},x\nC(not-in-pool),x\n`);
    const r = await run('initial-from', yaml);
    expect(r.status).toBe('done');
    // Four molecules (one named twice), in file order; the unknown one is reported and skipped.
    expect(r.context.labeled.slice(0, 4)).toEqual([7, 123, 250, 399]);
    expect(r.context.acquiredIn.filter((g) => g === 0)).toHaveLength(4);
    expect(r.summary.history.map((h) => h.labeled)).toEqual([4, 24]);
    expect(r.lines.join('\n')).toMatch(
      /initial batch: 4 molecules from .*start.csv; 1 not in the pool were skipped \(row \d+: 'C\(not-in-pool\)'\); 1 repeats counted once/,
    );
  });

  it.skipIf(!hasDatasets)(
    'ESOL slice with descriptors, uncertainty sampling, invalid SMILES reported and skipped',
    async () => {
      const path = slice('delaney-processed.csv', 300, [
        'bad1,-1,1,100,0,0,0,0,-2.0,C1CC(',
        'bad2,-1,1,100,0,0,0,0,-2.5,not_a_smiles',
        'empty,-1,1,100,0,0,0,0,-2.5,',
      ]);
      const r = await run(
        'esol',
        `dataset: { path: x.csv, smiles_column: smiles, label_column: measured log solubility in mols per litre, id_column: Compound ID }
featurizer: { kind: descriptors }
model: { trees: 30, max_depth: 6 }
acquisition: { strategy: uncertainty }
campaign: { initial: 0.1, batch: 0.1, generations: 2, test_fraction: 0.2 }
`,
        [`dataset.path=${path}`],
      );
      expect(r.status).toBe('done');
      expect(r.summary.dataset.invalid).toBe(2);
      expect(r.lines.join('\n')).toMatch(
        /2 molecules could not be featurized .* skipped \(bad1: 'C1CC\(', bad2: 'not_a_smiles'\)/,
      );
      expect(r.lines.join('\n')).toMatch(/1 row.* empty SMILES/);
      const last = r.summary.history.at(-1)!.metrics;
      expect(last.rmse).toBeGreaterThan(0);
      expect(last.r2).toBeGreaterThan(0.3); // descriptors predict solubility well even from ~90 molecules
      expect(r.context.invalid).toHaveLength(2);
      expect(r.context.labeled.some((i) => r.context.invalid?.includes(i))).toBe(false);
    },
  );

  it.skipIf(!hasDatasets)('BBBP slice as a classification campaign reports ROC-AUC, PR-AUC and accuracy', async () => {
    const path = slice('BBBP.csv', 400);
    const r = await run(
      'bbbp',
      `dataset: { path: x.csv, smiles_column: smiles, label_column: BBBP }
task: classification
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 40, max_depth: 8 }
acquisition: { strategy: uncertainty }
campaign: { initial: 0.1, batch: 0.1, generations: 2, test_fraction: 0.25 }
`,
      [`dataset.path=${path}`],
    );
    expect(r.status).toBe('done');
    const m = r.summary.history.at(-1)!.metrics;
    expect(m.roc_auc).toBeGreaterThan(0.6);
    expect(m.pr_auc).toBeGreaterThan(0.6);
    expect(m.accuracy).toBeGreaterThanOrEqual(0);
    expect(m.accuracy).toBeLessThanOrEqual(1);
  });
});
