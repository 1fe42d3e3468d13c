import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, nameFromFile, parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { sha256Json } from '../../src/shared/hash.js';

const CWD = resolve(tmpdir(), 'alcove-cwd');
const FILE = 'configs/x.yaml';
const CONFIG_DIR = resolve(CWD, 'configs');
const CSV = 'dataset:\n  path: data/x.csv\n  label_column: y\n';

function parse(text: string, overrides: readonly string[] = []): LoadedConfig {
  return parseConfigText(text, FILE, overrides, { cwd: CWD });
}

function errorOf(fn: () => unknown): AlcoveError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AlcoveError) return err;
    throw err;
  }
  throw new Error('expected an AlcoveError');
}

describe('parseConfigText', () => {
  it('resolves the file, defaults the name to its base name, and hashes the resolved config', () => {
    const loaded = parse('dataset: { builtin: amide-library }\n');
    expect(loaded.file).toBe(resolve(CWD, FILE));
    expect(loaded.config.name).toBe('x');
    const { workers: _workers, executor: _executor, ...hashed } = loaded.config;
    const {
      epsilon: _e,
      threshold: _t,
      incumbent: _i,
      incumbent_k: _k,
      prune: _p,
      ...acquisition
    } = hashed.acquisition;
    // Keys added later are left out at their defaults, so older checkpoints keep their hash.
    const { max_atoms: _m, ...featurizer } = hashed.featurizer;
    const { budget: _b, hit_threshold: _h, convergence: _c, export_top: _x, ...campaign } = hashed.campaign;
    expect(loaded.sha256).toBe(sha256Json({ ...hashed, acquisition, campaign, featurizer }));
    // Set, they count.
    expect(parse('dataset: { builtin: amide-library }\ncampaign: { budget: 50 }\n').sha256).not.toBe(loaded.sha256);
    // The worker count changes only wall time, so it does not change the hash (resume on another machine).
    expect(parse('workers: 1\ndataset: { builtin: amide-library }\n').sha256).toBe(
      parse('workers: 2\ndataset: { builtin: amide-library }\n').sha256,
    );
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parse('name: mine\ndataset: { builtin: amide-library }\n').config.name).toBe('mine');
  });

  it('gives the same hash for the same resolved config, however it is written', () => {
    const a = parse('dataset: { builtin: amide-library }\nseed: 0\n');
    const b = parse('seed: 0\ndataset:\n  builtin: amide-library\ncampaign: { generations: 5 }\n');
    const c = parse('dataset: { builtin: amide-library }\nseed: 1\n');
    expect(a.sha256).toBe(b.sha256);
    expect(a.sha256).not.toBe(c.sha256);
  });

  it('leaves acquisition keys added later out of the hash while they hold their defaults', () => {
    const base = 'dataset: { builtin: amide-library }\n';
    const h = (acquisition: string) => parse(`${base}acquisition: ${acquisition}\n`).sha256;
    // A checkpoint written before these keys existed still matches the config that does not name them.
    expect(h('{ epsilon: 0, incumbent: best, incumbent_k: null, threshold: null }')).toBe(parse(base).sha256);
    for (const changed of ['{ epsilon: 0.1 }', '{ incumbent: kth }', '{ incumbent_k: 5 }', '{ threshold: 2 }']) {
      expect(h(changed), changed).not.toBe(parse(base).sha256);
    }
  });

  it('names acquisition.threshold when the threshold strategy has none', () => {
    const err = errorOf(() => parse('dataset: { builtin: amide-library }\nacquisition: { strategy: threshold }\n'));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.message).toMatch(
      /^configs\/x\.yaml: acquisition\.threshold: required by strategy: threshold .*\(line 2\)$/,
    );
    const set = errorOf(() => parse('dataset: { builtin: amide-library }\n', ['acquisition.epsilon=2']));
    expect(set.message).toMatch(
      /^configs\/x\.yaml: acquisition\.epsilon: .*<=1 \(from --set acquisition\.epsilon=2\)$/,
    );
  });

  it('makes names from file names filesystem-safe', () => {
    expect(nameFromFile('/a/ESOL run.yaml')).toBe('ESOL-run');
    expect(nameFromFile('/a/.hidden.yml')).toBe('hidden');
    expect(nameFromFile('/a/---.yaml')).toBe('default');
  });

  it('resolves a dataset path in the file relative to the file', () => {
    const c = parse(CSV).config;
    expect(c.dataset).toMatchObject({ path: join(CONFIG_DIR, 'data', 'x.csv') });
    const abs = parse('dataset:\n  path: /abs/y.csv\n  label_column: y\n').config;
    expect(abs.dataset).toMatchObject({ path: '/abs/y.csv' });
  });

  it('resolves a dataset path given by --set relative to the working directory', () => {
    const c = parse(CSV, ['dataset.path=other/z.csv.gz']).config;
    expect(c.dataset).toMatchObject({ path: join(CWD, 'other', 'z.csv.gz'), label_column: 'y' });
    const whole = parse(CSV, ['dataset={path: w.csv, label_column: score}']).config;
    expect(whole.dataset).toEqual({
      path: join(CWD, 'w.csv'),
      smiles_column: 'smiles',
      label_column: 'score',
      keep_unlabeled: false,
      subsample: null,
    });
  });

  it("resolves campaign.initial_from.file like the dataset path: the file's folder, or the working directory for --set", () => {
    const inFile = parse(`${CSV}campaign:\n  initial_from: { file: start/mols.csv }\n`).config;
    expect(inFile.campaign.initial_from).toEqual({ file: join(CONFIG_DIR, 'start', 'mols.csv'), column: 'smiles' });
    const bySet = parse(CSV, ['campaign.initial_from.file=m.csv', 'campaign.initial_from.column=smi']).config;
    expect(bySet.campaign.initial_from).toEqual({ file: join(CWD, 'm.csv'), column: 'smi' });
    expect(parse(CSV).config.campaign.initial_from).toBeNull();
  });

  it('applies --set overrides as YAML values', () => {
    const c = parse(CSV, [
      'campaign.generations=3',
      'featurizer={kind: atom-pair, bits: 1024}',
      'model.max_depth=null',
      'acquisition.strategy=ucb',
      'dataset.label_column=2024',
      'name=run-7',
    ]).config;
    expect(c.campaign.generations).toBe(3);
    expect(c.featurizer).toEqual({ kind: 'atom-pair', bits: 1024, min_length: 1, max_length: 3, max_atoms: 1000 });
    expect(c.model).toMatchObject({ max_depth: null });
    expect(c.acquisition.strategy).toBe('ucb');
    expect(c.dataset).toMatchObject({ label_column: '2024' });
    expect(c.name).toBe('run-7');
  });

  it('lets later overrides win and creates missing sections', () => {
    const c = parse('dataset: { builtin: amide-library }\n', ['seed=1', 'seed=2', 'campaign.batch=10']).config;
    expect(c.seed).toBe(2);
    expect(c.campaign.batch).toBe(10);
  });

  it('rejects a bad override, naming it', () => {
    for (const [bad, why] of [
      ['campaign.generations', 'expected key.path=value'],
      ['=3', 'empty key path'],
      ['campaign..batch=3', 'empty segment'],
      ['seed.x=1', '"seed" is not a mapping'],
      ['__proto__.x=1', 'not a config key'],
      ['featurizer={kind: morgan', 'not valid YAML'],
    ] as const) {
      const err = errorOf(() => parse('dataset: { builtin: amide-library }\nseed: 0\n', [bad]));
      expect(err.code).toBe('BAD_CONFIG');
      expect(err.message).toContain(`--set ${bad}`);
      expect(err.message).toContain(why);
    }
  });

  it('names the file and every bad key path, with where the value came from', () => {
    const err = errorOf(() =>
      parse('dataset: { builtin: amide-library }\ncampaign:\n  batch: 0\n  batchsize: 3\nseed: -1\n', ['workers=0']),
    );
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.message.split('\n')).toEqual([
      'configs/x.yaml: seed: Too small: expected number to be >=0 (line 5)',
      'configs/x.yaml: campaign.batch: Too small: expected number to be >0 (line 3)',
      'configs/x.yaml: campaign.batchsize: unknown key (line 4)',
      'configs/x.yaml: workers: Too small: expected number to be >=1 (from --set workers=0)',
    ]);
  });

  it('rejects a lookup oracle without a label column, naming dataset.label_column', () => {
    const err = errorOf(() => parse('dataset:\n  path: x.csv\ntask: classification\n'));
    expect(err.message).toMatch(/^configs\/x\.yaml: dataset\.label_column: required by the lookup oracle/);
  });

  it('explains a dataset that is neither a file nor the built-in library', () => {
    expect(errorOf(() => parse('seed: 1\n')).message).toContain('configs/x.yaml: dataset: expected either a CSV file');
    expect(errorOf(() => parse('dataset: {builtin: foo}\n')).message).toContain(
      'configs/x.yaml: dataset.builtin: Invalid option: expected one of "amide-library"|"library-2m" (line 1)',
    );
  });

  it('names the file, line and column of a YAML syntax error', () => {
    const err = errorOf(() => parse('seed: 1\ncampaign:\n  batch: [1, 2\n'));
    expect(err.code).toBe('BAD_CONFIG');
    expect(err.message).toMatch(/^configs\/x\.yaml:\d+:\d+: YAML syntax error: /);
    const dup = errorOf(() => parse('seed: 1\nseed: 2\n'));
    expect(dup.message).toMatch(/^configs\/x\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  });

  it('rejects a file that is not a mapping, and treats an empty file as no settings', () => {
    expect(errorOf(() => parse('- 1\n- 2\n')).message).toContain('configs/x.yaml: (top level): ');
    expect(errorOf(() => parse('')).message).toContain('configs/x.yaml: dataset: ');
    expect(parse('', ['dataset.builtin=amide-library']).config.oracle).toEqual({ kind: 'desirability' });
  });
});

describe('loadConfig', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alcove-config-'));
    await writeFile(join(dir, 'run.yaml'), 'dataset:\n  path: ../data/a.csv\n  label_column: y\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file from disk', async () => {
    const loaded = await loadConfig(join(dir, 'run.yaml'), ['seed=4']);
    expect(loaded.file).toBe(join(dir, 'run.yaml'));
    expect(loaded.config.name).toBe('run');
    expect(loaded.config.seed).toBe(4);
    expect(loaded.config.dataset).toMatchObject({ path: resolve(dir, '..', 'data', 'a.csv') });
  });

  it('resolves a relative config file against cwd', async () => {
    const loaded = await loadConfig('run.yaml', [], { cwd: dir });
    expect(loaded.file).toBe(join(dir, 'run.yaml'));
  });

  it('reports a missing file as BAD_CONFIG naming it', async () => {
    const missing = join(dir, 'nope.yaml');
    await expect(loadConfig(missing)).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      message: expect.stringContaining(missing) as unknown,
    });
  });
});
