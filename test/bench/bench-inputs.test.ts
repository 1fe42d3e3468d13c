import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/bench/bench-args.js';
import { lastJsonObject } from '../../src/bench/child-process.js';
import { referenceFigures } from '../../src/bench/run-reports.js';
import { subsampleCsvText } from '../../src/bench/subsample-file.js';
import { planWorkloads } from '../../src/bench/workloads.js';
import { csvField, parseCsv } from '../../src/shared/csv.js';

describe('bench arguments', () => {
  it('defaults beside the repository, three seeds', () => {
    const a = parseBenchArgs([], '/r/main');
    expect(a.data).toBe('/r/shared/datasets');
    expect(a.reference).toBe('/r/shared/reference/al_reference.py');
    expect(a.out).toBe('/r/main/bench/results.json');
    expect(a.seeds).toBe(3);
    expect(a.quick).toBe(false);
  });

  it('--quick means one seed unless told otherwise; bad seeds and unknown flags are refused', () => {
    expect(parseBenchArgs(['--quick'], '/r/main').seeds).toBe(1);
    expect(parseBenchArgs(['--quick', '--seeds', '2'], '/r/main').seeds).toBe(2);
    expect(parseBenchArgs(['--data', '/d', '--only', 'esol, enamine-5k'], '/r/main')).toMatchObject({
      data: '/d',
      only: ['esol', 'enamine-5k'],
    });
    expect(() => parseBenchArgs(['--seeds', '0'], '/r/main')).toThrow(/--seeds/);
    expect(() => parseBenchArgs(['--fast'], '/r/main')).toThrow(/fast/);
  });
});

describe('workloads', () => {
  it('full: ESOL, three scaling points, the 50k headline, its paired twin and the network workloads', () => {
    const w = planWorkloads({ quick: false, seeds: 3 });
    expect(w.map((x) => [x.id, x.role, x.subsample, x.seeds.length])).toEqual([
      ['esol', 'context', null, 3],
      ['enamine-5k', 'scaling', 5000, 1],
      ['enamine-10k', 'scaling', 10_000, 1],
      ['enamine-25k', 'scaling', 25_000, 1],
      ['enamine-50k', 'headline', null, 3],
      ['enamine-50k-paired', 'paired', null, 3],
      ['enamine-50k-mlp', 'network', null, 3],
      ['enamine-50k-mlp-paired', 'paired', null, 3],
      ['enamine-50k-mlp-ens', 'network', null, 1],
    ]);
    const [mlp, paired, ens] = [w[6]!, w[7]!, w[8]!];
    expect(paired.pairedWith).toBe('enamine-50k-mlp');
    expect(mlp.referenceScript).toBe('al_models.py');
    expect(mlp.reference).toEqual(['--minimize', '--k', '500', '--models', 'knn:shuf=1', '--strategy', 'greedy']);
    expect(ens.alcove.sets).toEqual(['model.ensemble=5', 'acquisition.strategy=ucb']);
    expect(ens.reference).toContain('knn_ens:shuf=1');
    const big = w[4]!;
    expect(big.alcove.sets).toEqual(['campaign.top_k=500']);
    expect(big.reference).toEqual(['--minimize', '--strategy', 'greedy', '--k', '500', '--jobs', '1']);
    expect(w[1]!.reference).toContain('50');
  });

  it('quick: ESOL and 5k, one seed; --only filters', () => {
    expect(planWorkloads({ quick: true, seeds: 1 }).map((x) => [x.id, x.seeds])).toEqual([
      ['esol', [0]],
      ['enamine-5k', [0]],
    ]);
    expect(planWorkloads({ quick: false, seeds: 2, only: ['enamine-50k'] }).map((x) => x.seeds)).toEqual([[0, 1]]);
  });
});

describe('seeded subsample files', () => {
  const text = [
    'smiles,score',
    ...Array.from({ length: 20 }, (_, i) => `C${'C'.repeat(i)}O,${-i}`),
    '"C(=O)O, acid",-3.5',
  ].join('\n');

  it('keeps the header and n rows in file order, the same rows for the same seed', () => {
    const a = subsampleCsvText(text, 5, 0);
    expect(subsampleCsvText(text, 5, 0)).toBe(a);
    expect(subsampleCsvText(text, 5, 1)).not.toBe(a);
    const t = parseCsv(a);
    expect(t.header).toEqual(['smiles', 'score']);
    expect(t.rows).toHaveLength(5);
    const all = parseCsv(text).rows.map((r) => r[0]);
    const order = t.rows.map((r) => all.indexOf(r[0]));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('quotes fields that need it, so the file parses back to the same values', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('CCO')).toBe('CCO');
    const everything = parseCsv(subsampleCsvText(text, 21, 0));
    expect(everything.rows.at(-1)).toEqual(['C(=O)O, acid', '-3.5']);
    expect(() => subsampleCsvText(text, 22, 0)).toThrow(/cannot draw 22/);
  });
});

describe('run reports', () => {
  it('the last JSON object in mixed output', () => {
    expect(lastJsonObject('log line\n{"a":1}\n{"b":2}\nbye\n')).toEqual({ b: 2 });
    expect(lastJsonObject('{not json\nnothing')).toBeNull();
  });

  it('reference figures: per-round times over the trained rounds, RSS in bytes, the last recovery', () => {
    const f = referenceFigures(
      {
        n: 49_706,
        k: 500,
        strategy: 'greedy',
        seed: 0,
        seconds: { load: 0.2, featurize: 20, train: 38, predict: 82 },
        featurize_mol_per_s: 2485.3,
        history: [
          { acquired: 498, smis: 0.01, scores: 0.012 },
          ...[1, 2, 3, 4, 5].map((i) => ({ acquired: 498 * (i + 1), smis: 0.1 * i, scores: 0.11 * i })),
        ],
      },
      { script_s: 141.5, max_rss_kb: 400_000 },
      143,
    );
    expect(f.train_s_per_round).toBeCloseTo(7.6, 12);
    expect(f.predict_s_per_round).toBeCloseTo(16.4, 12);
    expect(f.wall_s).toBe(141.5);
    expect(f.process_s).toBe(143);
    expect(f.max_rss_bytes).toBe(400_000 * 1024);
    expect(f.final_topk_scores).toBeCloseTo(0.55, 12);
    expect(f.history[0]).toEqual({ labeled: 498, topk_scores: 0.012, topk_smiles: 0.01 });
  });
});
