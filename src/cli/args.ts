/** What a command is given: its name, its positional arguments and the value of every option (`options.ts`). */
import { AlcoveError } from '../shared/errors.js';
import type { OptionValues } from './options.js';

export const COMMANDS = [
  'run',
  'status',
  'log',
  'compare',
  'sweep',
  'package',
  'verify',
  'reproduce',
  'schema',
  'task',
  'worker',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs extends OptionValues {
  readonly command: Command;
  /** Positional arguments after the command (the package file, the state folder). */
  readonly positionals: readonly string[];
}

/** Combinations the table cannot express; messages as the README has them. */
export function checkArgs(args: CliArgs): CliArgs {
  if (args.resume && args.fresh) throw new AlcoveError('BAD_CONFIG', '--resume and --fresh cannot be used together');
  if ((args.verify || args.report) && (args.resume || args.fresh)) {
    throw new AlcoveError(
      'BAD_CONFIG',
      '--verify and --report read a campaign; they cannot be used with --resume or --fresh',
    );
  }
  if (args.quiet && args.verbose) throw new AlcoveError('BAD_CONFIG', '--quiet and --verbose cannot be used together');
  checkTell(args);
  // --tell continues a waiting campaign: it implies --resume.
  return args.tell === null ? args : { ...args, resume: true };
}

/** `--tell FILE`: continues a waiting campaign, so it goes with neither --fresh nor a read-only flag. */
function checkTell(v: Pick<CliArgs, 'tell' | 'fresh' | 'verify' | 'report'>): void {
  if (v.tell === null) return;
  if (v.tell === '') throw new AlcoveError('BAD_CONFIG', '--tell needs a results file');
  if (v.fresh || v.verify || v.report) {
    throw new AlcoveError(
      'BAD_CONFIG',
      '--tell continues a waiting campaign; it cannot be used with --fresh, --verify or --report',
    );
  }
}
