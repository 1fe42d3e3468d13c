/**
 * The reference loop (`al_reference.py`, RDKit + scikit-learn from Debian's packages) as a benchmarked
 * child process. A small wrapper imports numpy, RDKit and scikit-learn first, then times the script
 * itself with `runpy` (so its wall time, like Alcove's, leaves out module loading) and reports the
 * process's peak RSS (`ru_maxrss`, KB on Linux) as one JSON line on stderr.
 */
import { existsSync } from 'node:fs';
import { lastJsonObject, runChild, tail } from './child-process.js';
import { isReferenceOutput, isReferenceWrapperFigures, referenceFigures, type RunFigures } from './run-reports.js';

export const INSTALL_ADVICE = 'apt-get update && apt-get install -y python3-rdkit python3-sklearn';

/**
 * The reference's environment: one BLAS/OpenMP thread, as its README measures it ("one CPU thread") and as
 * the bench describes it. Without it numpy's OpenBLAS used both cores for the network's dense products, and
 * the sums' order changed with it: al_models.py seed 1 found 0.710 with two threads, 0.762 with one.
 */
export function singleThreadEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
}

export const WRAPPER = [
  'import json, resource, runpy, sys, time',
  'import numpy, scipy.sparse, rdkit.Chem, rdkit.Chem.rdMolDescriptors, sklearn.ensemble',
  'sys.argv = sys.argv[1:]',
  't = time.perf_counter()',
  "runpy.run_path(sys.argv[0], run_name='__main__')",
  's = time.perf_counter() - t',
  'sys.stdout.flush()',
  "print(json.dumps({'script_s': s, 'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}), file=sys.stderr)",
].join('\n');

export interface ReferenceAvailability {
  readonly ok: boolean;
  readonly versions: {
    readonly python?: string;
    readonly rdkit?: string;
    readonly sklearn?: string;
    readonly numpy?: string;
  };
  readonly problem?: string;
}

export async function checkReference(python: string, script: string): Promise<ReferenceAvailability> {
  const probe = [
    'import json, platform, numpy, rdkit, sklearn',
    "print(json.dumps({'python': platform.python_version(), 'rdkit': rdkit.__version__, 'sklearn': sklearn.__version__, 'numpy': numpy.__version__}))",
  ].join('\n');
  let result;
  try {
    result = await runChild(python, ['-c', probe]);
  } catch (error) {
    return { ok: false, versions: {}, problem: `cannot start ${python}: ${(error as Error).message}` };
  }
  if (result.code !== 0) {
    return { ok: false, versions: {}, problem: `${python} cannot import rdkit and sklearn: ${tail(result.stderr, 2)}` };
  }
  const versions = lastJsonObject(result.stdout);
  if (!existsSync(script)) return { ok: false, versions: {}, problem: `reference script not found: ${script}` };
  return {
    ok: true,
    versions: typeof versions === 'object' && versions !== null ? versions : {},
  };
}

export interface ReferenceRun {
  readonly figures: RunFigures;
  readonly raw: unknown;
}

export async function runReference(
  python: string,
  script: string,
  csv: string,
  args: readonly string[],
  seed: number,
  echo: boolean,
): Promise<ReferenceRun> {
  const result = await runChild(python, ['-c', WRAPPER, script, csv, ...args, '--seed', String(seed)], {
    echoStderr: echo,
    env: singleThreadEnv(),
  });
  if (result.code !== 0) {
    throw new Error(`reference exited with ${result.code ?? result.signal}: ${tail(result.stderr)}`);
  }
  const out = lastJsonObject(result.stdout);
  const wrapper = lastJsonObject(result.stderr);
  if (!isReferenceOutput(out)) throw new Error(`reference printed no result: ${tail(result.stdout)}`);
  if (!isReferenceWrapperFigures(wrapper))
    throw new Error(`reference wrapper printed no figures: ${tail(result.stderr)}`);
  return { figures: referenceFigures(out, wrapper, result.seconds), raw: { ...out, wrapper } };
}

/**
 * The reference's initial batch for `seed`, as SMILES: the rows `al_reference.py` keeps (a score that is
 * neither empty nor "nan"), then `numpy.random.default_rng(seed).choice(n, ceil(init * n), replace=False)`,
 * exactly as the script draws it. The script also drops rows RDKit cannot parse; `n` here is checked
 * against the `n` it reports (the bench says so when they differ: the draw would then not be the same).
 */
const INITIAL_BATCH = [
  'import csv, gzip, json, math, sys',
  'import numpy as np',
  'path, smiles_col, score_col, seed, init = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])',
  "opener = gzip.open if path.endswith('.gz') else open",
  "with opener(path, 'rt') as f:",
  "    rows = [r[smiles_col] for r in csv.DictReader(f) if r[score_col] not in ('', 'nan')]",
  'n = len(rows)',
  'picks = np.random.default_rng(seed).choice(n, math.ceil(init * n), replace=False)',
  "print(json.dumps({'n': n, 'smiles': [rows[i] for i in picks.tolist()]}))",
].join('\n');

export interface ReferenceInitialBatch {
  /** Rows the draw was made over (the reference's `n` when every SMILES parses). */
  readonly n: number;
  readonly smiles: readonly string[];
}

export async function referenceInitialBatch(
  python: string,
  csv: string,
  seed: number,
  options: { readonly smiles?: string; readonly score?: string; readonly init?: number } = {},
): Promise<ReferenceInitialBatch> {
  const args = [csv, options.smiles ?? 'smiles', options.score ?? 'score', String(seed), String(options.init ?? 0.01)];
  const result = await runChild(python, ['-c', INITIAL_BATCH, ...args]);
  if (result.code !== 0)
    throw new Error(`reference initial batch failed (${result.code ?? result.signal}): ${tail(result.stderr)}`);
  const out = lastJsonObject(result.stdout) as { n?: unknown; smiles?: unknown } | null;
  if (
    out === null ||
    typeof out.n !== 'number' ||
    !Array.isArray(out.smiles) ||
    !out.smiles.every((x) => typeof x === 'string')
  ) {
    throw new Error(`reference initial batch printed no result: ${tail(result.stdout)}`);
  }
  return { n: out.n, smiles: out.smiles };
}
