/** `alcove compare DIR... [--out FILE]`: the learning curves of several campaigns on one page. */
import { resolve } from 'node:path';
import { writeComparePage } from '../../compare/index.js';
import { AlcoveError } from '../../shared/errors.js';
import { checkStateDir } from '../check-state-dir.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { shown } from '../show-path.js';

export const DEFAULT_COMPARE_OUT = 'compare/compare.html';

export function compareCommand(ctx: CommandContext): number {
  const { args, out, log } = ctx;
  if (args.positionals.length === 0) throw new AlcoveError('BAD_CONFIG', 'compare needs one or more state folders');
  const target = resolve(args.out ?? DEFAULT_COMPARE_OUT);
  const dirs = args.positionals.map((d) => ({ path: resolve(d), shown: d }));
  const { page, campaigns } = writeComparePage({ dirs, out: target, check: (p) => checkOutPath(p) });
  for (const c of campaigns) {
    const value = c.headlineValue === null ? '–' : c.headlineValue.toFixed(3);
    log(`  ${c.name} (${c.dir}): ${c.status}, ${c.labeled} labeled, ${c.headline} ${value}`);
  }
  out(`compare: ${campaigns.length} campaigns: ${shown(page)}`);
  return EXIT.done;
}

/** The page's folder must be creatable (the same check as a state folder), before anything is written. */
function checkOutPath(folder: string): void {
  try {
    checkStateDir(folder, { write: true });
  } catch (error) {
    if (error instanceof AlcoveError) throw new AlcoveError('BAD_INPUT', error.message.replace('--state-dir', '--out'));
    throw error;
  }
}
