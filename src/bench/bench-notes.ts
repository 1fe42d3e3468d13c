/** The notes printed under the bench's table and kept in bench/results.json: how to read the figures. */
export const BENCH_NOTES = [
  'Ratios are Alcove / reference of medians over repeats; absolute seconds are context (a noisy 2-core machine).',
  "Whole campaign wall: Alcove from the start of runCampaign to its end; the reference from the script's first " +
    'line to its last (imports of numpy, RDKit and scikit-learn done before the clock starts). Process wall ' +
    '(spawn to exit) is shown beside it.',
  'Alcove featurizes, trains and predicts on worker threads (2 here); the reference is single-threaded (its ' +
    'default --jobs 1, as MolPAL runs it in the issue protocol).',
  'After the last batch Alcove trains a model only when a held-out set needs it (not in the MolPAL protocol): ' +
    'both train 5 forests; per-round figures are per trained forest.',
  'Alcove keeps the first of the 7 SMILES that appear twice in Enamine 50k (49,699 molecules); the reference ' +
    'keeps both copies (49,706). Top-k = 500 for both.',
  'Orchestration overhead (the target, as the issue defines it) = time in transitions (xstate step, checkpoint ' +
    'write, synchronous observers) + dispatch (the part of each engine call in which no worker computed: ' +
    "marshalling, posting, transit, merging), from Alcove's own timing events, over wall. Beside it: views " +
    "rewritten off the transition (status page, db.json, summary.json), the run's start and end outside the " +
    'machine (setup less the dataset load; report and manifest), and the upper bound "all but engine calls" = ' +
    "(wall - load - engine calls) / wall, which also counts the stages' own main-thread work (acquisition " +
    'ranking, metrics, bookkeeping) and garbage collection. See src/bench/timing-collector.ts.',
  'Science: share of the true top-k scores found after the last batch. enamine-50k: each system draws its own ' +
    'random first batch (different RNGs), so seed s of one is not seed s of the other and 3 seeds carry the ' +
    "luck of 3 draws. enamine-50k-paired: Alcove starts each seed from the reference's own first batch for " +
    'that seed (campaign.initial_from), so both start from the same molecules and the comparison is paired ' +
    '(model and acquisition only).',
  'ESOL: Alcove runs uncertainty sampling on RDKit descriptors with 20% held out; the reference has neither, ' +
    'so it runs UCB on atom pairs with the same batch sizes, for timing context only.',
];

export const QUICK_NOTE =
  '--quick: the targets are set for Enamine 50k; evaluated here on the 5k subsample, they are indicative only.';
