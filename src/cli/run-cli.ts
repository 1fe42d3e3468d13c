/**
 * The thin CLI: parse flags, load the config, build the clock, pool and state folder, call
 * `runCampaign`, release everything in `finally`. The first SIGINT/SIGTERM stops gracefully (the
 * in-flight stage is cancelled, the checkpoint stays at the last transition); a second one exits at once.
 */
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { runCampaign, statePaths } from '../runtime/run-campaign.js';
import { createPoolSet, type PoolSet } from '../runtime/pool-set.js';
import { systemClock } from '../shared/clock.js';
import { AlcoveError, coerceError } from '../shared/errors.js';
import { HELP, parseCliArgs } from './args.js';

export const EXIT = { done: 0, failed: 1, usage: 2, sigint: 130, sigterm: 143 } as const;

const USAGE_CODES = new Set(['BAD_CONFIG', 'BAD_DATA', 'BAD_CHECKPOINT', 'STATE_EXISTS']);

/** Kept files of a state folder that are not campaign state. */
const KEEP_ON_FRESH = new Set(['README.md', '.gitkeep']);

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

/** A path as the user would type it from here: relative when inside the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

export async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    err(`alcove: ${coerceError(error).message}`);
    return EXIT.usage;
  }
  if (args.help) {
    out(HELP);
    return EXIT.done;
  }
  const log = args.quiet ? () => undefined : out;
  const controller = new AbortController();
  let exitOnSignal: number = EXIT.sigint;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    exitOnSignal = signal === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
    if (signals > 1) {
      err(`alcove: second ${signal}, exiting now`);
      process.exit(exitOnSignal);
    }
    err(`alcove: ${signal} received, stopping after checkpoint (send again to exit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let pools: PoolSet | undefined;
  try {
    const loaded = await loadConfig(args.config, args.sets);
    const stateDir = resolve(args.stateDir);
    const paths = statePaths(stateDir);
    if (args.resume && !existsSync(paths.checkpoint)) {
      throw new AlcoveError('STATE_EXISTS', `nothing to resume: ${shown(paths.checkpoint)} does not exist`);
    }
    if (!args.resume && existsSync(paths.checkpoint)) {
      if (!args.fresh) {
        throw new AlcoveError(
          'STATE_EXISTS',
          `${args.stateDir} already holds a campaign. Continue it with --resume, start over with --fresh ` +
            '(the old state is kept, renamed), or choose another --state-dir.',
        );
      }
    }
    if (args.fresh) {
      const moved = moveAside(stateDir, new Date(systemClock.now()));
      if (moved) log(`moved the previous campaign to ${shown(moved)}`);
    }
    pools = createPoolSet(loaded.config.limits, loaded.config.workers, {
      // An injected OOM needs a heap cap to hit; without one it would eat the machine's memory.
      ...(loaded.config.inject.featurize_oom > 0 ? { memoryOverride: { featurize: 256 } } : {}),
    });
    log(
      `alcove: campaign '${loaded.config.name}' (${shown(loaded.file)}), ` +
        `${args.resume ? 'resuming' : 'starting'} in ${shown(stateDir)}/ on ${pools.threads} worker threads`,
    );
    const result = await runCampaign({
      loaded,
      stateDir,
      resume: args.resume,
      pools,
      clock: systemClock,
      signal: controller.signal,
      log,
    });
    const s = result.summary;
    const where = shown(stateDir);
    switch (result.status) {
      case 'done':
        out(
          `done: ${s.labeled} labeled in ${s.history.length} rounds (${result.context.stopReason ?? 'budget'}); ` +
            `results in ${where}/summary.json and ${where}/db.json`,
        );
        return EXIT.done;
      case 'failed':
        err(`failed in ${s.error?.stage ?? '?'}: ${s.error?.message ?? 'unknown error'}`);
        err(`the checkpoint is kept; fix the cause and run again with --resume`);
        return EXIT.failed;
      case 'interrupted':
        err(`interrupted; continue with: npm start -- --resume${args.stateDir === 'state' ? '' : ` --state-dir ${args.stateDir}`}`);
        return exitOnSignal;
      case 'running':
        return EXIT.failed;
    }
    return EXIT.failed;
  } catch (error) {
    const e = coerceError(error);
    err(`alcove: ${e.message}`);
    if (!USAGE_CODES.has(e.code) && e.stack) err(e.stack);
    return USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await pools?.close();
  }
}
