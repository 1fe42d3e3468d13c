/**
 * `npm start -- sweep --config SWEEP.yaml --state-dir DIR`: run or resume a parameter sweep.
 */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireStateLock, type StateLock } from '../../state/state-lock.js';
import { AlcoveError } from '../../shared/errors.js';
import { checkSweepInputs } from '../../sweep/check-sweep-inputs.js';
import { loadSweep } from '../../sweep/load-sweep.js';
import { runSweep } from '../../sweep/run-sweep.js';
import { readRows } from '../../sweep/sweep-row.js';
import { RESULTS_JSONL } from '../../sweep/write-results.js';
import { createSweepProgress, type SweepProgress } from '../progress/sweep-progress.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { checkStateDir } from '../check-state-dir.js';
import { shown } from '../show-path.js';

export async function sweepCommand(ctx: CommandContext): Promise<number> {
  const { args, out, err, clock } = ctx;
  if (args.config === null)
    throw new AlcoveError('BAD_CONFIG', 'sweep needs --config SWEEP.yaml (see configs/sweeps/)');
  const stateDir = resolve(args.stateDir);
  checkStateDir(stateDir, { write: true });
  const sweep = loadSweep(args.config);
  checkSweepInputs(sweep);
  let lock: StateLock | undefined;
  let progress: SweepProgress | undefined;
  try {
    lock = acquireStateLock(stateDir, { pid: process.pid, host: hostname(), now: clock.now() });
    progress = startProgress(ctx, stateDir, sweep.space.total);
    const log = progress?.log ?? ctx.log;
    log(
      `alcove: sweep '${sweep.name}' (${shown(sweep.file)}): ${sweep.space.total} runs ` +
        `(${sweep.space.combinations} combinations × ${sweep.space.seeds.length} seeds), ` +
        `${sweep.spec.concurrency} at once, in ${shown(stateDir)}/`,
    );
    const r = await runSweep({
      sweep,
      stateDir,
      clock,
      signal: ctx.signal,
      log,
      interruptExitCode: ctx.exitOnSignal,
      ...(progress === undefined ? {} : { onRun: progress.onRun }),
    });
    progress?.close();
    const u = r.utilisation;
    const percent = (ratio: number | null) => (ratio === null ? '–' : `${(ratio * 100).toFixed(1)}%`);
    const where = shown(stateDir);
    const best = r.results.best;
    const done = r.results.rows.filter((row) => row.status === 'done').length;
    out(
      `${r.state === 'done' ? 'done' : 'interrupted'}: ` +
        `${r.results.rows.length}/${sweep.space.total} runs finished (${done} done, ` +
        `${r.results.failed.length} failed, ${r.skipped} skipped as finished before); worker CPU ${percent(u.cpu_ratio)} ` +
        `of ${u.available_worker_s.toFixed(1)} worker-s (tasks outstanding ${percent(u.ratio)})`,
    );
    if (best !== null) {
      const params = Object.entries(best.params)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const sd = best.sd === null ? '–' : best.sd.toFixed(3);
      out(`best ${best.metric}: ${best.mean.toFixed(3)} ± ${sd} (n=${best.n}) with ${params || '(base)'}`);
    }
    for (const f of r.results.failed) err(`failed run ${f.id} (seed ${f.seed}): ${f.error ?? ''}`);
    out(`results: ${where}/results.csv, ${where}/results.json, ${where}/summary.csv, ${join(where, 'sweep.html')}`);
    if (r.state === 'interrupted') {
      err(`interrupted; continue with the same command (finished runs are skipped)`);
      return ctx.exitOnSignal();
    }
    return r.results.failed.length > 0 ? EXIT.failed : EXIT.done;
  } finally {
    progress?.close();
    lock?.release();
  }
}

/** Progress (none with --quiet), counting the runs an earlier process finished as finished. */
function startProgress(ctx: CommandContext, stateDir: string, total: number): SweepProgress | undefined {
  if (ctx.args.quiet) return undefined;
  const before = new Set<string>();
  for (const row of readRows(join(stateDir, RESULTS_JSONL))) before.add(row.id);
  return createSweepProgress({
    clock: ctx.clock,
    terminal: ctx.terminal,
    write: ctx.write,
    out: ctx.log,
    total,
    before: Math.min(total, before.size),
  });
}
