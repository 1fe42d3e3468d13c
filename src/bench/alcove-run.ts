/**
 * One benchmarked Alcove campaign, in its own process so that its peak RSS is its own:
 *
 *   node dist/bench/alcove-run.js --config FILE [--set key=value ...] [--state-dir DIR] [--keep]
 *
 * Runs `runCampaign` into a fresh temporary state folder (so the feature cache is empty and
 * featurization is really measured), listens to the campaign's typed events for per-stage timings
 * (see timing-collector.ts for what counts as stage time and what as orchestration overhead), and
 * prints one JSON line (`AlcoveRunReport`) on stdout; progress lines go to stderr.
 *
 * The one-off dataset load is excluded from the overhead. It happens inside `runCampaign`, where it
 * cannot be timed from outside, so it is timed again after the campaign (same file, warm OS cache,
 * warm JIT): that second load is no slower than the first, so the overhead reported is an upper bound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.js';
import { createPoolSet } from '../pool/pool-set.js';
import { prepareDataset } from '../data/prepare-dataset.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import { runCampaign } from '../campaign/run-campaign.js';
import { systemClock } from '../shared/clock.js';
import { coerceError } from '../shared/errors.js';
import { createEventBus, type EventBus } from '../shared/event-bus.js';
import type { AlcoveRunReport, CurvePoint } from './run-reports.js';
import { createTimingCollector } from './timing-collector.js';

function metric(metrics: Record<string, number | null>, name: string): number | null {
  const v = metrics[name];
  return typeof v === 'number' ? v : null;
}

/** Train + predict CPU: the process's CPU time (every thread) inside the train and explore stages. */
function meterModelCpu(events: EventBus<CampaignEventMap>): { seconds(): number } {
  let us = 0;
  let atStart: NodeJS.CpuUsage | null = null;
  events.on('stage:start', (e) => {
    if (e.stage === 'train' || e.stage === 'explore') atStart = process.cpuUsage();
  });
  events.on('stage:end', (e) => {
    if (atStart === null || (e.stage !== 'train' && e.stage !== 'explore')) return;
    const d = process.cpuUsage(atStart);
    us += d.user + d.system;
    atStart = null;
  });
  return { seconds: () => us / 1e6 };
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      'state-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.config === undefined) {
    process.stderr.write('usage: alcove-run --config FILE [--set key=value ...] [--state-dir DIR] [--keep]\n');
    return 2;
  }
  const loaded = await loadConfig(values.config, values.set);
  const ownDir = values['state-dir'] === undefined;
  const stateDir = ownDir ? mkdtempSync(join(tmpdir(), 'alcove-bench-run-')) : resolve(values['state-dir'] ?? '');
  const pools = createPoolSet(loaded.config.limits, loaded.config.workers);
  // A failing listener becomes a notice, which runCampaign prints with the progress lines (on stderr).
  const events = createEventBus<CampaignEventMap>();
  const now = () => performance.now();
  const collector = createTimingCollector(now);
  events.on('stage:end', (e) =>
    collector.onStage({ stage: e.stage, generation: e.generation, ms: e.ms, detail: e.detail }),
  );
  events.on('machine:transition', (e) => collector.onTransition(e.from, e.to));
  events.on('machine:timing', (e) => collector.onTiming(e));
  events.on('dispatch', (e) => collector.onDispatch(e));
  events.on('views', (e) => collector.onViews(e));
  const modelCpu = meterModelCpu(events);
  const poolRemaining: number[] = [];
  events.on('stage:end', (e) => {
    const left = e.detail?.pool_remaining;
    if (e.stage === 'explore' && typeof left === 'number') poolRemaining.push(left);
  });
  try {
    const start = now();
    const result = await runCampaign({
      loaded,
      stateDir: join(stateDir, 'campaign'),
      resume: false,
      pools,
      clock: systemClock,
      events,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const end = now();
    // The campaign's own peak: the dataset load timed below would add a second copy of the pool to it.
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    const t0 = now();
    const dataset = await prepareDataset(loaded.config, join(stateDir, 'reload-artifacts'));
    const loadMs = now() - t0;
    const history: CurvePoint[] = result.summary.history.map((r) => ({
      labeled: r.labeled,
      topk_scores: metric(r.metrics, 'topk_scores'),
      topk_smiles: metric(r.metrics, 'topk_smiles'),
      r2: metric(r.metrics, 'r2'),
    }));
    const report: AlcoveRunReport = {
      system: 'alcove',
      status: result.status,
      molecules: dataset.smiles.length,
      invalid: result.context.invalid?.length ?? 0,
      threads: pools.threads,
      timings: collector.summarize(start, end, loadMs),
      max_rss_bytes: maxRssBytes,
      model_cpu_s: modelCpu.seconds(),
      history,
      trace: collector.trace(start),
      ...(poolRemaining.length === 0 ? {} : { pool_remaining: poolRemaining }),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return result.status === 'done' ? 0 : 1;
  } finally {
    await pools.close();
    if (ownDir && !values.keep) rmSync(stateDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = coerceError(error);
    process.stderr.write(`alcove-run: ${e.message}\n`);
    process.exitCode = 1;
  },
);
