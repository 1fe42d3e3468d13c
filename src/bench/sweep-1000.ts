/**
 * The `sweep-1000` workload: a sweep of 1,000 small campaigns (4 strategies × 5 batch sizes × 50 seeds,
 * each on 100 molecules of the built-in amide library, 3 generations, a 10-tree forest) actually run, with
 * concurrency, in this process on one shared pool of 2 threads. Measured:
 * - worker utilisation: the worker threads' CPU time over wall × threads (the target), beside the sweep's busy
 *   meter (time tasks were outstanding, which a campaign task always is);
 * - memory over the sweep: the largest RSS sampled as the first 100 runs end and as the last 100 end
 *   (flat if the sweep keeps nothing per finished run beyond its row), and the process's peak RSS;
 * - the result pages: `writeSweepResults` (results.csv, summary.csv, results.json, sweep.html) over the
 *   1,000 rows, timed once more after the sweep (the sweep's own final write did the same work).
 * `sweep-1000` runs its campaigns as campaign tasks (`campaign_tasks: auto`), `sweep-1000-pooled` the same
 * sweep with `campaign_tasks: never` (on the main thread over the engine pool), to compare the two.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../shared/clock.js';
import { parseSweepText } from '../sweep/load-sweep.js';
import { runSweep } from '../sweep/run-sweep.js';
import type { SweepSpec } from '../sweep/sweep-schema.js';
import { writeSweepResults } from '../sweep/write-results.js';
import { fmtBytes, fmtPass, fmtSeconds, type Cell } from './format-table.js';

export const SWEEP_TARGETS = { utilisation: 0.9, pagesS: 30, rssGrowth: 1.25 } as const;
const THREADS = 2;
const WINDOW = 100;

export interface Sweep1000Result {
  readonly runs: number;
  readonly done: number;
  readonly concurrency: number;
  readonly threads: number;
  readonly campaign_tasks: CampaignTasks;
  readonly wall_s: number;
  /** Worker CPU time over wall × threads. */
  readonly cpu_utilisation: number | null;
  /** The busy meter's ratio (tasks outstanding). */
  readonly utilisation: number | null;
  readonly rss_first_runs_bytes: number;
  readonly rss_last_runs_bytes: number;
  readonly peak_rss_bytes: number;
  readonly pages_s: number;
}

export interface Sweep1000Options {
  readonly repoRoot: string;
  readonly tmp: string;
  readonly say: (line: string) => void;
  /** Seeds per combination (default 50: 1,000 runs). */
  readonly seeds?: number;
  readonly concurrency?: number;
  readonly campaignTasks?: CampaignTasks;
}

type CampaignTasks = SweepSpec['campaign_tasks'];

export function sweep1000Text(seeds: number, concurrency: number, campaignTasks: CampaignTasks = 'auto'): string {
  return `name: sweep-1000
base:
  seed: 0
  dataset: { builtin: amide-library, subsample: 100 }
  featurizer: { kind: morgan, radius: 2, bits: 1024 }
  model: { trees: 10, max_depth: 6 }
  campaign: { initial: 10, batch: 10, generations: 3, top_k: 5, test_fraction: 0, patience: 0 }
grid:
  acquisition.strategy: [greedy, ucb, thompson, random]
  campaign.batch: [4, 6, 8, 10, 12]
seeds: ${seeds}
metric: topk_scores
goal: maximize
concurrency: ${concurrency}
workers: ${THREADS}
campaign_tasks: ${campaignTasks}
`;
}

export async function runSweep1000(options: Sweep1000Options): Promise<Sweep1000Result> {
  const seeds = options.seeds ?? 50;
  const concurrency = options.concurrency ?? 4;
  const mode = options.campaignTasks ?? 'auto';
  const name = mode === 'never' ? 'sweep-1000-pooled' : 'sweep-1000';
  const dir = join(options.tmp, name);
  const file = join(options.tmp, `${name}.yaml`);
  const text = sweep1000Text(seeds, concurrency, mode);
  writeFileSync(file, text);
  const sweep = parseSweepText(text, file);
  const total = sweep.space.total;
  const samples: number[] = [];
  let finished = 0;
  const log = (line: string) => {
    if (!/^run \S+ (done|failed)/.test(line)) return;
    finished += 1;
    samples.push(process.memoryUsage().rss);
    if (finished % 100 === 0) options.say(`${name}: ${finished}/${total} runs`);
  };
  options.say(
    `${name}: ${total} campaigns, concurrency ${concurrency}, ${THREADS} threads, campaign_tasks ${mode} ...`,
  );
  const t0 = performance.now();
  const result = await runSweep({ sweep, stateDir: dir, clock: systemClock, log });
  const wall = (performance.now() - t0) / 1000;
  const p0 = performance.now();
  writeSweepResults(dir, {
    name: sweep.name,
    metric: sweep.spec.metric,
    goal: sweep.spec.goal,
    total,
    state: result.state,
    utilisation: result.utilisation,
    held: [],
    plots: sweep.spec.plots,
    paramKeys: sweep.space.dimensions.flatMap((d) => d.keys),
    notes: [],
  });
  const pages = (performance.now() - p0) / 1000;
  return {
    runs: result.results.rows.length,
    done: result.results.rows.filter((r) => r.status === 'done').length,
    concurrency,
    threads: result.utilisation.threads,
    campaign_tasks: mode,
    wall_s: wall,
    cpu_utilisation: result.utilisation.cpu_ratio,
    utilisation: result.utilisation.ratio,
    rss_first_runs_bytes: Math.max(0, ...samples.slice(0, WINDOW)),
    rss_last_runs_bytes: Math.max(0, ...samples.slice(-WINDOW)),
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    pages_s: pages,
  };
}

/** The table's headers, named after the workload (`sweep-1000` or `sweep-1000-pooled`). */
export const sweepHeaders = (name: string): string[] => [name, 'value', 'target', 'pass'];

const percent = (ratio: number | null) => (ratio === null ? '-' : `${(ratio * 100).toFixed(1)}%`);

export function sweepRows(r: Sweep1000Result): Cell[][] {
  const growth = r.rss_first_runs_bytes > 0 ? r.rss_last_runs_bytes / r.rss_first_runs_bytes : null;
  return [
    ['runs done / run', `${r.done} / ${r.runs}`, '1,000', fmtPass(r.runs >= 1000 && r.done === r.runs)],
    ['concurrency / threads', `${r.concurrency} / ${r.threads}`, '', ''],
    ['campaign_tasks', r.campaign_tasks, '', ''],
    ['wall', fmtSeconds(r.wall_s), '', ''],
    [
      'worker utilisation (CPU)',
      percent(r.cpu_utilisation),
      '>= 90%',
      fmtPass(r.cpu_utilisation === null ? null : r.cpu_utilisation >= SWEEP_TARGETS.utilisation),
    ],
    ['tasks outstanding (busy meter)', percent(r.utilisation), '', ''],
    ['RSS, first 100 runs', fmtBytes(r.rss_first_runs_bytes), '', ''],
    [
      'RSS, last 100 runs',
      fmtBytes(r.rss_last_runs_bytes),
      'flat (<= 1.25x)',
      fmtPass(growth === null ? null : growth <= SWEEP_TARGETS.rssGrowth),
    ],
    ['peak RSS', fmtBytes(r.peak_rss_bytes), '', ''],
    ['result pages (1,000 rows)', fmtSeconds(r.pages_s), '< 30 s', fmtPass(r.pages_s < SWEEP_TARGETS.pagesS)],
  ];
}
