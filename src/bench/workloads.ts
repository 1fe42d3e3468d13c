/**
 * The benchmark's workloads: what each system runs, on which file, with which seeds.
 *
 * - enamine-50k: MolPAL's Enamine 50k pool and protocol (atom-pair 2048 bits path 1..3, 100 trees,
 *   depth 8, greedy, 1% + 5 x 1%, top-500): the headline, run for every seed.
 * - enamine-5k/10k/25k: seeded subsamples of the same file (the same rows for both systems), top-k = 1%
 *   of the subsample, seed 0 once each: how the cost grows with the pool.
 * - enamine-50k-paired: Alcove alone, each seed starting from the reference's own initial batch for that
 *   seed (`campaign.initial_from`; the reference's runs are the headline's). Both systems then start from
 *   the same molecules, so the science comparison is paired: it measures model and acquisition, not which
 *   random first batch each RNG happened to draw (the largest source of spread over seeds).
 * - esol: Alcove's ESOL campaign (descriptors, uncertainty sampling, 20% held out). The reference has no
 *   uncertainty strategy and no descriptors: it runs UCB on atom pairs with the same batch sizes, for
 *   timing context only (no targets, no science comparison).
 * - enamine-50k-mlp: the MolPAL protocol with MolPAL's network (configs/enamine50k-mlp.yaml) against
 *   al_models.py's numpy copy of it (`knn:shuf=1`: random validation split, as Alcove's), greedy, every seed.
 * - enamine-50k-mlp-paired: Alcove's network from the reference's initial batch of each seed (as
 *   enamine-50k-paired), against the reference's enamine-50k-mlp runs.
 * - enamine-50k-mlp-ens: the same with 5 networks and UCB against `knn_ens:shuf=1`, seed 0 only (five times
 *   the training: the slowest workload).
 * - esol-forest: not a campaign; the dense forest against scikit-learn's RandomForestRegressor on the same
 *   RDKit descriptors and split (see esol-forest.ts).
 */

export const WORKLOAD_IDS = [
  'esol',
  'enamine-5k',
  'enamine-10k',
  'enamine-25k',
  'enamine-50k',
  'enamine-50k-paired',
  'enamine-50k-mlp',
  'enamine-50k-mlp-ens',
  'enamine-50k-mlp-paired',
] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export const ENAMINE_FILE = 'Enamine50k_scores.csv.gz';
export const ESOL_FILE = 'delaney-processed.csv';
export const ESOL_LABEL = 'measured log solubility in mols per litre';

export type WorkloadRole = 'headline' | 'scaling' | 'context' | 'paired' | 'network';

/** The reference loop a workload runs: the forest loop, or the surrogate-model loop beside it. */
export type ReferenceScript = 'al_reference.py' | 'al_models.py';

export interface Workload {
  readonly id: WorkloadId;
  readonly title: string;
  readonly role: WorkloadRole;
  /** File name in the data folder. */
  readonly file: string;
  /** Molecules kept by a seeded subsample of the file; null keeps the whole file. */
  readonly subsample: number | null;
  readonly seeds: readonly number[];
  /** Alcove: config file (relative to the repo root) and `--set` overrides (the dataset path is added at run time). */
  readonly alcove: { readonly config: string; readonly sets: readonly string[] };
  /** Reference script arguments after the CSV path (the seed is added at run time). */
  readonly reference: readonly string[];
  /** al_reference.py unless said otherwise (the bench's `--reference`; al_models.py is found beside it). */
  readonly referenceScript?: ReferenceScript;
  /** True when both systems run the same protocol, so speed ratios and science are comparable. */
  readonly sameProtocol: boolean;
  /**
   * Alcove only, each seed starting from the reference's initial batch for that seed; the reference side
   * of the comparison is this workload's runs.
   */
  readonly pairedWith?: WorkloadId;
}

/** The seed of the subsample draw (fixed: every run of a scaling point sees the same molecules). */
export const SUBSAMPLE_SEED = 0;

function enamine(id: WorkloadId, subsample: number | null, seeds: readonly number[], role: WorkloadRole): Workload {
  const k = subsample === null ? 500 : Math.max(1, Math.round(subsample / 100));
  return {
    id,
    title:
      subsample === null ? 'Enamine 50k, MolPAL protocol' : `Enamine ${subsample / 1000}k subsample, MolPAL protocol`,
    role,
    file: ENAMINE_FILE,
    subsample,
    seeds,
    alcove: { config: 'configs/enamine50k.yaml', sets: [`campaign.top_k=${k}`] },
    reference: ['--minimize', '--strategy', 'greedy', '--k', String(k), '--jobs', '1'],
    sameProtocol: true,
  };
}

/** The network workloads: Alcove's MLP against al_models.py's numpy copy of MolPAL's network. */
function network(seeds: readonly number[]): Workload[] {
  const base = {
    role: 'network',
    file: ENAMINE_FILE,
    subsample: null,
    sameProtocol: true,
    referenceScript: 'al_models.py',
  } as const;
  const k = ['--minimize', '--k', '500'];
  const greedy: Workload = {
    ...base,
    id: 'enamine-50k-mlp',
    title: "Enamine 50k, MolPAL protocol, MolPAL's network, greedy",
    seeds,
    alcove: { config: 'configs/enamine50k-mlp.yaml', sets: [] },
    reference: [...k, '--models', 'knn:shuf=1', '--strategy', 'greedy'],
  };
  return [
    greedy,
    {
      ...greedy,
      id: 'enamine-50k-mlp-paired',
      role: 'paired',
      title: "Enamine 50k, MolPAL's network, Alcove from the reference's initial batches",
      pairedWith: 'enamine-50k-mlp',
    },
    {
      ...base,
      id: 'enamine-50k-mlp-ens',
      title: 'Enamine 50k, MolPAL protocol, 5 networks, UCB (seed 0 only)',
      seeds: seeds.slice(0, 1),
      alcove: { config: 'configs/enamine50k-mlp.yaml', sets: ['model.ensemble=5', 'acquisition.strategy=ucb'] },
      reference: [...k, '--models', 'knn_ens:shuf=1', '--strategy', 'ucb'],
    },
  ];
}

export function planWorkloads(options: {
  readonly quick: boolean;
  readonly seeds: number;
  readonly only?: readonly string[];
}): Workload[] {
  const seeds = Array.from({ length: options.seeds }, (_, i) => i);
  const esol: Workload = {
    id: 'esol',
    title: 'ESOL, uncertainty sampling (reference: UCB on atom pairs)',
    role: 'context',
    file: ESOL_FILE,
    subsample: null,
    seeds: options.quick ? [0] : seeds,
    alcove: { config: 'configs/esol.yaml', sets: [] },
    reference: [
      '--score',
      ESOL_LABEL,
      '--strategy',
      'ucb',
      '--init',
      '0.05',
      '--batch',
      '0.05',
      '--iters',
      '8',
      '--jobs',
      '1',
    ],
    sameProtocol: false,
  };
  const all: Workload[] = options.quick
    ? [esol, enamine('enamine-5k', 5000, [0], 'headline')]
    : [
        esol,
        enamine('enamine-5k', 5000, [0], 'scaling'),
        enamine('enamine-10k', 10_000, [0], 'scaling'),
        enamine('enamine-25k', 25_000, [0], 'scaling'),
        enamine('enamine-50k', null, seeds, 'headline'),
        {
          ...enamine('enamine-50k-paired', null, seeds, 'paired'),
          title: "Enamine 50k, MolPAL protocol, Alcove from the reference's initial batches",
          pairedWith: 'enamine-50k',
        },
        ...network(seeds),
      ];
  const only = options.only ?? [];
  return only.length === 0 ? all : all.filter((w) => only.includes(w.id));
}

export function isWorkloadId(value: string): value is WorkloadId {
  return (WORKLOAD_IDS as readonly string[]).includes(value);
}
