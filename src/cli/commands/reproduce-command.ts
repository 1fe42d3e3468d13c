/**
 * `npm start -- reproduce FILE.tar.gz --state-dir DIR2 [--allow-commands]`: re-run a package and compare its
 * metrics. Without `--allow-commands` a package that names a program is refused (exit 2) before anything is written.
 */
import { resolve } from 'node:path';
import { formatDifference } from '../../package/compare-results.js';
import { reproducePackage } from '../../package/reproduce-package.js';
import { AlcoveError } from '../../shared/errors.js';
import { checkStateDir } from '../check-state-dir.js';
import { EXIT, type CommandContext } from '../command-context.js';

export async function reproduceCommand(ctx: CommandContext): Promise<number> {
  const { args, out, err, log, clock } = ctx;
  const file = args.positionals[0];
  if (file === undefined)
    throw new AlcoveError(
      'BAD_CONFIG',
      'reproduce needs the package file: npm start -- reproduce FILE.tar.gz --state-dir DIR',
    );
  checkStateDir(resolve(args.stateDir), { write: true });
  let r;
  try {
    r = await reproducePackage({
      file,
      stateDir: resolve(args.stateDir),
      clock,
      signal: ctx.signal,
      log,
      allowCommands: args.allowCommands,
    });
  } catch (error) {
    // A signal that stopped the unpacking (which keeps nothing) rather than a re-run that records where it was.
    if (!ctx.signal.aborted) throw error;
    err('interrupted');
    return ctx.exitOnSignal();
  }
  for (const d of r.environmentDifferences) err(`environment differs: ${formatDifference(d)}`);
  if (r.environmentDifferences.length === 0) out('environment: same as recorded');
  if (r.status === 'interrupted') {
    err('interrupted; run the same command again to continue');
    return ctx.exitOnSignal();
  }
  for (const d of r.metricDifferences.slice(0, 200)) err(`metrics differ: ${formatDifference(d)}`);
  if (r.metricDifferences.length > 200) err(`… and ${r.metricDifferences.length - 200} more differences`);
  if (r.status === 'identical') {
    out(`reproduced: the ${r.kind}'s metrics are identical to the packaged ones`);
    return EXIT.done;
  }
  err(`NOT reproduced: ${r.metricDifferences.length} metric field(s) differ`);
  return EXIT.failed;
}
