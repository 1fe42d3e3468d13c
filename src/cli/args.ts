/** Command-line flags of `npm start`, parsed with node:util (no dependency needed for this). */
import { parseArgs } from 'node:util';
import { AlcoveError } from '../shared/errors.js';

export const COMMANDS = ['run', 'sweep', 'package', 'verify', 'reproduce'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: Command;
  /** Positional arguments after the command (e.g. the package file). */
  readonly positionals: readonly string[];
  readonly config: string | null;
  readonly stateDir: string;
  readonly sets: readonly string[];
  readonly resume: boolean;
  readonly fresh: boolean;
  readonly verify: boolean;
  readonly report: boolean;
  readonly out: string | null;
  /** `reproduce` may run the programs a package names (a command oracle). */
  readonly allowCommands: boolean;
  readonly help: boolean;
  readonly quiet: boolean;
  /** Print the stack of an error that ends the command (for a bug report). */
  readonly debug: boolean;
  /** `--tell FILE`: a laboratory's results for the batch the campaign waits on (implies `--resume`). */
  readonly tell: string | null;
}

export const HELP = `Usage: npm start -- [command] [options]

Runs an active-learning campaign: featurize → train → evaluate → explore, repeated, checkpointed
after every step into the state folder, with a live status.html and an audit trail.

Commands:
  run (default)        run or resume a campaign
  sweep                run a parameter sweep (--config SWEEP.yaml --state-dir DIR)
  package              write a reproducibility package (--state-dir DIR --out FILE.tar.gz)
  verify FILE.tar.gz   check a package's integrity and completeness
  reproduce FILE.tar.gz --state-dir DIR
                       re-run a package and compare its metrics with the packaged ones
                       (a package is untrusted input: verify lists the programs it would run)

Options:
  --config FILE        campaign config (YAML); default: configs/default.yaml
  --state-dir DIR      where the campaign lives: state.json (checkpoint), summary.json, db.json,
                       audit.jsonl, status.html, report.md, manifest.json, artifacts/; default: state
  --set KEY=VALUE      override a config key, e.g. --set campaign.generations=3
                       --set dataset.path=data.csv --set acquisition.strategy=ucb (repeatable;
                       validated like the file; paths are relative to where you run the command)
  --resume             continue the campaign in --state-dir from its last checkpoint
  --tell FILE          results (CSV id,score) for the batch a campaign with oracle kind manual
                       waits on (DIR/batches/generation-N.csv); checked whole, then the campaign
                       goes on (implies --resume); partial results are kept, the rest stay pending
  --fresh              move an existing campaign in --state-dir aside (kept, renamed
                       DIR.old-<timestamp>) and start over
  --verify             re-hash the artifacts of --state-dir against its manifest.json
  --report             (re)write report.md and learning-curve.svg for the campaign in --state-dir
  --out FILE           output file (package)
  --allow-commands     let reproduce run the programs the package names (a command oracle)
  --quiet              print only the final line
  --debug              print the stack of an error that ends the command (for a bug report)
  -h, --help           show this help

Exit codes: 0 campaign done (or check passed), 1 campaign failed (or check failed, or an internal
error), 2 bad usage, config, data or state folder (or an unsafe, corrupt or oversized package, or one
that would run a program without --allow-commands), 3 waiting for a laboratory's results
(--tell them), 130/143 interrupted (SIGINT/SIGTERM; resume
with --resume). Errors are one line naming the file and the key or row; --debug adds the stack.
`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        'state-dir': { type: 'string', default: 'state' },
        set: { type: 'string', multiple: true, default: [] },
        resume: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        verify: { type: 'boolean', default: false },
        report: { type: 'boolean', default: false },
        out: { type: 'string' },
        tell: { type: 'string' },
        'allow-commands': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        debug: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new AlcoveError('BAD_CONFIG', `${(error as Error).message}\nRun with --help to see the options.`);
  }
  const v = parsed.values;
  const [first, ...rest] = parsed.positionals;
  let command: Command = 'run';
  let positionals = parsed.positionals;
  if (first !== undefined) {
    if (!(COMMANDS as readonly string[]).includes(first)) {
      throw new AlcoveError('BAD_CONFIG', `unknown command '${first}' (commands: ${COMMANDS.join(', ')}); see --help`);
    }
    command = first as Command;
    positionals = rest;
  }
  if (v.resume && v.fresh) throw new AlcoveError('BAD_CONFIG', '--resume and --fresh cannot be used together');
  if ((v.verify || v.report) && (v.resume || v.fresh)) {
    throw new AlcoveError(
      'BAD_CONFIG',
      '--verify and --report read a campaign; they cannot be used with --resume or --fresh',
    );
  }
  const tell = tellOption(v);
  return {
    command,
    positionals,
    config: v.config ?? null,
    stateDir: v['state-dir'],
    sets: v.set,
    resume: v.resume || tell !== null,
    fresh: v.fresh,
    verify: v.verify,
    report: v.report,
    out: v.out ?? null,
    allowCommands: v['allow-commands'],
    help: v.help,
    quiet: v.quiet,
    debug: v.debug,
    tell,
  };
}

/** `--tell FILE`: continues a waiting campaign, so it goes with neither --fresh nor a read-only flag. */
function tellOption(v: { tell?: string; fresh: boolean; verify: boolean; report: boolean }): string | null {
  if (v.tell === undefined) return null;
  if (v.tell === '') throw new AlcoveError('BAD_CONFIG', '--tell needs a results file');
  if (v.fresh || v.verify || v.report) {
    throw new AlcoveError(
      'BAD_CONFIG',
      '--tell continues a waiting campaign; it cannot be used with --fresh, --verify or --report',
    );
  }
  return v.tell;
}
