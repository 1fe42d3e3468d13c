/**
 * `npm start [-- run]`: run, resume, verify or report one campaign in a state folder.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { loadConfig, type LoadedConfig } from '../../config/load-config.js';
import { formatVerifyResult, updateManifestEntries, verifyManifest } from '../../state/manifest.js';
import { createPoolSet, type PoolSet } from '../../pool/pool-set.js';
import { runCampaign, type RunCampaignResult } from '../../campaign/run-campaign.js';
import { statePaths } from '../../state/state-files.js';
import { writeReportFromState } from '../../records/report-from-state.js';
import { acquireStateLock, LOCK_FILE, type StateLock } from '../../state/state-lock.js';
import { AlcoveError } from '../../shared/errors.js';
import type { CliArgs } from '../args.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { checkStateDir } from '../check-state-dir.js';
import { startCampaignProgress } from '../progress/campaign-progress.js';
import { shown } from '../show-path.js';

export const DEFAULT_CONFIG = 'configs/default.yaml';

/** Files of a state folder that are not campaign state (kept in place by --fresh). */
const KEEP_ON_FRESH = new Set(['README.md', '.gitkeep', LOCK_FILE]);

function moveAside(stateDir: string, now: Date): string | null {
  if (!existsSync(stateDir)) return null;
  const entries = readdirSync(stateDir).filter((e) => !KEEP_ON_FRESH.has(e));
  if (entries.length === 0) return null;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${stateDir.replace(/\/+$/, '')}.old-${stamp}`;
  mkdirSync(target, { recursive: true });
  for (const e of entries) renameSync(join(stateDir, e), join(target, e));
  return target;
}

/**
 * A plain run refuses to overwrite a campaign. `--resume` over a folder with no campaign yet starts one (a
 * requeued cluster job runs the same command whether or not its first try got as far as a checkpoint);
 * `--tell` needs a waiting campaign. Returns whether the run resumes.
 */
function decideStart(args: CliArgs, checkpoint: string): boolean {
  const exists = existsSync(checkpoint);
  if (args.tell !== null && !exists) {
    throw new AlcoveError(
      'STATE_EXISTS',
      `--tell: no campaign to tell results to: ${shown(checkpoint)} does not exist`,
    );
  }
  if (!args.resume && !args.fresh && exists) {
    throw new AlcoveError(
      'STATE_EXISTS',
      `${args.stateDir} already holds a campaign. Continue it with --resume, start over with --fresh ` +
        '(the old state is kept, renamed), or choose another --state-dir.',
    );
  }
  return args.resume && exists;
}

/** What the campaign's end means for the user, and the exit code. */
function reportOutcome(ctx: CommandContext, result: RunCampaignResult, stateDir: string): number {
  const { args, out, err } = ctx;
  const s = result.summary;
  const where = shown(stateDir);
  switch (result.status) {
    case 'done':
      out(
        `done: ${s.labeled} labeled in ${s.history.length} rounds (${result.context.stopReason ?? 'budget'}); ` +
          `results in ${where}/summary.json, ${where}/report.md and ${where}/status.html`,
      );
      return EXIT.done;
    case 'failed':
      if (s.error?.code === 'NOTHING_TO_ACQUIRE') {
        // Bad data, not a failed run: there is nothing to resume.
        err(`alcove: ${s.error.message}`);
        return EXIT.usage;
      }
      err(`failed in ${s.error?.stage ?? '?'}: ${s.error?.message ?? 'unknown error'}`);
      err(`the checkpoint is kept; fix the cause and run again with --resume`);
      return EXIT.failed;
    case 'interrupted': {
      const config = args.config === null ? '' : ` --config ${args.config}`;
      const state = args.stateDir === 'state' ? '' : ` --state-dir ${args.stateDir}`;
      err(`interrupted; continue with: npm start -- --resume${config}${state}`);
      return ctx.exitOnSignal();
    }
    case 'waiting': {
      const w = result.context.waiting;
      const state = args.stateDir === 'state' ? '' : ` --state-dir ${args.stateDir}`;
      const config = args.config === null ? '' : ` --config ${args.config}`;
      out(
        `waiting: ${w?.pending ?? '?'} of ${w?.batch ?? '?'} molecules of generation ${w?.generation ?? '?'} need ` +
          `results; the batch is in ${where}/${w?.file ?? 'batches/'}`,
      );
      out(`when results come back: npm start --${config}${state} --tell results.csv   (CSV with id,score)`);
      return EXIT.waiting;
    }
    case 'running':
      return EXIT.failed;
  }
  return EXIT.failed;
}

/**
 * Takes the state folder (its lock; for --fresh, the old campaign moved aside) once runCampaign has
 * found the config and the dataset valid, so that bad input leaves no folder behind.
 */
function claimStateFolder(
  ctx: CommandContext,
  log: (line: string) => void,
  start: { loaded: LoadedConfig; stateDir: string; resume: boolean },
  pools: PoolSet,
): StateLock {
  const { args, clock } = ctx;
  const { loaded, stateDir, resume } = start;
  const lock = acquireStateLock(stateDir, { pid: process.pid, host: hostname(), now: clock.now() });
  if (lock.staleRemoved) log(`removed a stale lock of pid ${lock.staleRemoved.pid} (no longer running)`);
  if (args.fresh) {
    const moved = moveAside(stateDir, new Date(clock.now()));
    if (moved) log(`moved the previous campaign to ${shown(moved)}`);
  }
  log(
    `alcove: campaign '${loaded.config.name}' (${shown(loaded.file)}), ` +
      `${resume ? 'resuming' : args.resume ? 'nothing to resume yet, starting' : 'starting'} ` +
      `in ${shown(stateDir)}/ on ${pools.threads} worker threads; live status: ${shown(statePaths(stateDir).statusPage)}`,
  );
  return lock;
}

/** Runs or resumes the campaign under the state folder's lock, with pools released at the end. */
async function runLocked(
  ctx: CommandContext,
  loaded: LoadedConfig,
  stateDir: string,
  resume: boolean,
): Promise<number> {
  const { args, clock } = ctx;
  let lock: StateLock | undefined;
  let pools: PoolSet | undefined;
  const progress = startCampaignProgress(ctx, loaded.config);
  const { log } = progress;
  try {
    pools = createPoolSet(loaded.config.limits, loaded.config.workers, {
      // An injected OOM needs a heap cap to hit; without one it would eat the machine's memory.
      ...(loaded.config.inject.featurize_oom > 0 ? { memoryOverride: { featurize: 256 } } : {}),
    });
    const claimed = pools;
    const result = await runCampaign({
      loaded,
      stateDir,
      resume,
      pools,
      clock,
      signal: ctx.signal,
      log,
      events: progress.events,
      interruptExitCode: ctx.exitOnSignal,
      claimStateFolder: () => {
        lock = claimStateFolder(ctx, log, { loaded, stateDir, resume }, claimed);
      },
      ...(args.tell === null ? {} : { tell: resolve(args.tell) }),
    });
    return reportOutcome(ctx, result, stateDir);
  } finally {
    progress.close();
    await pools?.close();
    lock?.release();
  }
}

export async function runCommand(ctx: CommandContext): Promise<number> {
  const { args, out, err, clock } = ctx;
  const stateDir = resolve(args.stateDir);
  checkStateDir(stateDir, { write: !args.verify });

  if (args.verify) {
    const result = await verifyManifest(stateDir);
    for (const line of formatVerifyResult(result)) (result.ok ? out : err)(line);
    return result.ok ? EXIT.done : EXIT.failed;
  }

  const loaded = await loadConfig(args.config ?? DEFAULT_CONFIG, args.set);
  if (args.report) {
    const files = await writeReportFromState(loaded, stateDir, clock);
    // A deliberate rewrite: re-record just these files in the manifest, if there is one (the report,
    // its figures and the page it rewrote, as paths relative to the state folder).
    const rewritten = files.map((f) => relative(stateDir, f).split(sep).join('/'));
    await updateManifestEntries(stateDir, clock, rewritten);
    out(`report: ${files.map(shown).join(', ')}`);
    return EXIT.done;
  }
  const resume = decideStart(args, statePaths(stateDir).checkpoint);
  return runLocked(ctx, loaded, stateDir, resume);
}
