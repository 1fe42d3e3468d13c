/**
 * `npm run bench [-- --data DIR --seeds N --quick ...]`: the bench's flags, parsed and checked once.
 * Paths default relative to the repository root (the parent of `dist/` or `src/`), not the working folder.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AlcoveError } from '../shared/errors.js';

export interface BenchArgs {
  readonly help: boolean;
  /** Folder holding Enamine50k_scores.csv.gz and delaney-processed.csv. */
  readonly data: string;
  /** Seeds (= repeats) of the Enamine 50k workload; the scaling points run once. */
  readonly seeds: number;
  /** Only the 5k subsample and ESOL, one seed: a few minutes. */
  readonly quick: boolean;
  /** Workload ids to run (all when empty). */
  readonly only: readonly string[];
  readonly out: string;
  readonly reference: string;
  readonly python: string;
  /** Skip the reference even when its packages are installed. */
  readonly alcoveOnly: boolean;
  /** Pass `--cpu-prof --cpu-prof-dir DIR` to every Alcove run. */
  readonly cpuProfDir: string | null;
  readonly verbose: boolean;
}

export const BENCH_HELP = `usage: npm run bench [-- options]

Runs Alcove and the reference loop (RDKit + scikit-learn, ../shared/reference/al_reference.py) on the
same files, alternating, and writes bench/results.json plus a table of figures and ratios.

  --data DIR        data sets folder (default ../shared/datasets beside the repo)
  --seeds N         seeds of the Enamine 50k workload (default 3); scaling points run once
  --quick           only the 5k subsample and ESOL, one seed (a few minutes)
  --only IDS        comma-separated workloads: esol, enamine-5k, enamine-10k, enamine-25k, enamine-50k,
                    enamine-50k-paired, enamine-50k-mlp, enamine-50k-mlp-ens, esol-forest,
                    oracle-fanout (a fake 1 s/molecule command oracle, parallel 2; needs no data),
                    slurm-executor (oracle chunks on SLURM vs local; needs a SLURM; run alone),
                    bullmq-executor (oracle chunks on two BullMQ workers vs local; needs a Redis at
                    ALCOVE_BENCH_REDIS, default redis://127.0.0.1:6379; run alone);
                    Alcove alone, only when named: scale-2m (library-2m, MolPAL's HTS protocol, 50k to
                    2M, the 2M point also with the network and with pruning: hours on a loaded machine),
                    scale-series (its 50k, 200k and 500k points), sweep-1000 (1,000 small campaigns
                    as campaign tasks), sweep-1000-pooled (the same with campaign_tasks: never)
  --out FILE        results file (default bench/results.json)
  --reference FILE  the reference script (default ../shared/reference/al_reference.py)
  --python PATH     Python with rdkit and sklearn (default /usr/bin/python3)
  --alcove-only     do not run the reference
  --cpu-prof DIR    write a V8 CPU profile of every Alcove run into DIR
  --verbose         stream the runs' progress lines
  --help`;

export function parseBenchArgs(argv: readonly string[], repoRoot: string): BenchArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', default: false },
        data: { type: 'string' },
        seeds: { type: 'string' },
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        out: { type: 'string' },
        reference: { type: 'string' },
        python: { type: 'string' },
        'alcove-only': { type: 'boolean', default: false },
        'cpu-prof': { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `${(error as Error).message}\n\n${BENCH_HELP}`);
  }
  const quick = values.quick === true;
  let seeds = quick ? 1 : 3;
  if (values.seeds !== undefined) {
    const n = Number(values.seeds);
    if (!Number.isInteger(n) || n < 1 || n > 100)
      throw new AlcoveError('BAD_INPUT', `--seeds must be an integer 1..100, got '${values.seeds}'`);
    seeds = n;
  }
  const only = (values.only ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return {
    help: values.help === true,
    data: resolve(values.data ?? resolve(repoRoot, '..', 'shared', 'datasets')),
    seeds,
    quick,
    only,
    out: resolve(values.out ?? resolve(repoRoot, 'bench', 'results.json')),
    reference: resolve(values.reference ?? resolve(repoRoot, '..', 'shared', 'reference', 'al_reference.py')),
    python: values.python ?? '/usr/bin/python3',
    alcoveOnly: values['alcove-only'] === true,
    cpuProfDir: values['cpu-prof'] === undefined ? null : resolve(values['cpu-prof']),
    verbose: values.verbose === true,
  };
}
