/**
 * The `scale-2m` workload: MolPAL's protocol for its 2.1M HTS pool on the built-in `library-2m`
 * (0.4% random first batch, then 5 batches of 0.4%, the default model, greedy, 2 worker threads,
 * success = share of the true top 1,000 found), and its scaling series on seeded subsamples
 * (50k → 200k → 500k → 2M, top-k scaled to the same 0.05% of the pool).
 *
 * What is measured apart from the campaigns: building the library (enumeration and the computed score of
 * every product, i.e. the ground truth; cached, content-addressed, so usually 0) and RDKit.js alone
 * fingerprinting a sample of the pool on one thread, in the same run just before each campaign, for the
 * featurization ratio. Each campaign runs in its own child process (`alcove-run`), so its peak RSS is
 * its own; its wall includes loading the file and featurizing every molecule, and not the library build.
 * The campaign reads the cached file as a CSV with its score column (what `builtin: library-2m` reads).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_PARSE_DETAILS } from '../engines/featurize.js';
import { loadRdkit } from '../engines/rdkit.js';
import {
  LIB2M_SIZE,
  library2mBlocks,
  library2mFileName,
  library2mSmiles,
  writeLibrary2m,
} from '../library/library-2m.js';
import { createRng, sampleIndices } from '../shared/rng.js';
import { runAlcove, type AlcoveChildOptions } from './alcove-child.js';
import type { RunFigures } from './run-reports.js';
import { fitLogLogSlope, type SlopeFit } from './slope-fit.js';

export const SCALE_POINTS = [50_000, 200_000, 500_000, LIB2M_SIZE] as const;
export const SCALE_TARGETS = {
  wallS: 20 * 60,
  rssBytes: 2 * 1024 ** 3,
  featurizeRatio: 0.9,
  predictSPerRound: 30,
  costSpread: 1.5,
} as const;
const THREADS = 2;
const RDKIT_SAMPLE = 5000;

export interface ScalePoint {
  readonly molecules: number;
  readonly model: 'forest' | 'network';
  readonly prune: boolean;
  readonly figures: RunFigures | null;
  /** With pruning: the candidates left after each round that pruned. */
  readonly pool_remaining: readonly number[];
  readonly error: string | null;
  /** RDKit.js alone on one thread, molecules/s, measured just before this campaign. */
  readonly rdkit_alone_rate: number;
  /** The campaign's featurization rate over `rdkit_alone_rate × threads`. */
  readonly featurize_ratio: number | null;
  readonly cost_per_molecule_ms: number | null;
}

export interface Scale2mResult {
  readonly library_file: string;
  /** Seconds to enumerate and score the library; null when it was already cached. */
  readonly library_build_s: number | null;
  readonly threads: number;
  readonly points: readonly ScalePoint[];
  readonly slope: SlopeFit | null;
}

export interface Scale2mOptions extends AlcoveChildOptions {
  readonly tmp: string;
  readonly say: (line: string) => void;
  /** Pool sizes to run (default all of SCALE_POINTS). */
  readonly sizes?: readonly number[];
  /** Also run the 2M point with the network, and with `acquisition.prune` (when the config has it). */
  readonly variants?: readonly { readonly model: 'forest' | 'network'; readonly prune: boolean }[];
}

/** Where the library is cached between bench runs (content-addressed name, so never stale). */
export function libraryCacheDir(): string {
  return join(tmpdir(), 'alcove-bench-cache');
}

async function ensureLibrary(): Promise<{ path: string; seconds: number | null }> {
  const dir = libraryCacheDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, library2mFileName());
  if (existsSync(path)) return { path, seconds: null };
  const t0 = performance.now();
  await writeLibrary2m(await loadRdkit(), path);
  return { path, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Molecules per second of RDKit.js alone: parse (the featurizer's fast options) + Morgan 2048 + free. The
 * sample runs twice and the second pass is timed: V8 compiles WebAssembly with its baseline tier first and
 * optimises hot functions later, so a cold pass measures the compiler, and the campaign's workers are warm
 * for nearly all of a large pool.
 */
export async function rdkitAloneRate(sampleSize = RDKIT_SAMPLE): Promise<number> {
  const rdkit = await loadRdkit();
  const rows = sampleIndices(LIB2M_SIZE, sampleSize, createRng(0, 'rdkit-alone'));
  const smiles = rows.map((i) => library2mSmiles(...library2mBlocks(i)));
  const fp = JSON.stringify({ radius: 2, nBits: 2048 });
  const pass = (): number => {
    const t0 = performance.now();
    for (const s of smiles) {
      const mol = rdkit.get_mol(s, FAST_PARSE_DETAILS);
      if (mol === null) continue;
      try {
        mol.get_morgan_fp_as_uint8array(fp);
      } finally {
        mol.delete();
      }
    }
    return smiles.length / ((performance.now() - t0) / 1000);
  };
  pass();
  return pass();
}

/** The campaign config of one point (JSON is YAML): MolPAL's HTS protocol on `file`. */
function writeConfig(
  dir: string,
  file: string,
  molecules: number,
  model: 'forest' | 'network',
  prune: boolean,
): string {
  const config = {
    name: `scale-${molecules}-${model}${prune ? '-prune' : ''}`,
    seed: 0,
    dataset: { path: file, smiles_column: 'smiles', id_column: 'id', label_column: 'score' },
    task: 'regression',
    objective: 'maximize',
    ...(model === 'network' ? { model: { kind: 'mlp' } } : {}),
    acquisition: { strategy: 'greedy', ...(prune ? { prune: { min_hit_probability: 0.05 } } : {}) },
    campaign: {
      initial: 0.004,
      batch: 0.004,
      generations: 5,
      top_k: Math.max(1, Math.round((molecules * 1000) / LIB2M_SIZE)),
      test_fraction: 0,
      patience: 0,
    },
    workers: THREADS,
  };
  const path = join(dir, `${config.name}.yaml`);
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

async function poolFile(library: string, molecules: number, tmp: string): Promise<string> {
  if (molecules >= LIB2M_SIZE) return library;
  const path = join(tmp, `library-2m-${molecules}.csv.gz`);
  if (existsSync(path)) return path;
  const rows = sampleIndices(LIB2M_SIZE, molecules, createRng(0, 'scale-2m', molecules)).sort((a, b) => a - b);
  await writeLibrary2m(await loadRdkit(), path, rows);
  return path;
}

async function runPoint(
  library: string,
  molecules: number,
  variant: { model: 'forest' | 'network'; prune: boolean },
  options: Scale2mOptions,
): Promise<ScalePoint> {
  const file = await poolFile(library, molecules, options.tmp);
  const config = writeConfig(options.tmp, file, molecules, variant.model, variant.prune);
  const alone = await rdkitAloneRate();
  options.say(`scale-2m: ${molecules} molecules, ${variant.model}${variant.prune ? ', pruning' : ''} ...`);
  try {
    const { figures, raw } = await runAlcove(config, [], options);
    const rate = figures.featurize_rate;
    return {
      molecules,
      ...variant,
      figures,
      pool_remaining: raw.pool_remaining ?? [],
      error: null,
      rdkit_alone_rate: alone,
      featurize_ratio: rate === null ? null : rate / (alone * THREADS),
      cost_per_molecule_ms: (figures.wall_s * 1000) / molecules,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.say(`scale-2m: ${molecules} failed: ${message}`);
    return {
      molecules,
      ...variant,
      figures: null,
      pool_remaining: [],
      error: message,
      rdkit_alone_rate: alone,
      featurize_ratio: null,
      cost_per_molecule_ms: null,
    };
  }
}

export async function runScale2m(options: Scale2mOptions): Promise<Scale2mResult> {
  const library = await ensureLibrary();
  options.say(
    `scale-2m: library ${library.path} (${library.seconds === null ? 'cached' : `built in ${library.seconds.toFixed(1)} s`})`,
  );
  const points: ScalePoint[] = [];
  // Each point's figures are printed as they come, so that a series stopped early still has them.
  const push = (p: ScalePoint) => {
    points.push(p);
    options.say(`scale-2m point: ${JSON.stringify(p)}`);
  };
  for (const n of options.sizes ?? SCALE_POINTS)
    push(await runPoint(library.path, n, { model: 'forest', prune: false }, options));
  for (const v of options.variants ?? []) push(await runPoint(library.path, LIB2M_SIZE, v, options));
  const series = points.filter((p) => p.model === 'forest' && !p.prune && p.figures !== null);
  const slope = fitLogLogSlope(series.map((p) => ({ n: p.molecules, cost: p.figures?.wall_s ?? Number.NaN })));
  return { library_file: library.path, library_build_s: library.seconds, threads: THREADS, points, slope };
}
