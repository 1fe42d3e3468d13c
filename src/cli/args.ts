/** Command-line flags of `npm start`, parsed with node:util (no dependency needed for this). */
import { parseArgs } from 'node:util';
import { AlcoveError } from '../shared/errors.js';

export interface CliArgs {
  readonly config: string;
  readonly stateDir: string;
  readonly sets: readonly string[];
  readonly resume: boolean;
  readonly fresh: boolean;
  readonly help: boolean;
  readonly quiet: boolean;
}

export const HELP = `Usage: npm start -- [options]

Runs an active-learning campaign: featurize → train → evaluate → explore, repeated, checkpointed
after every step into the state folder.

Options:
  --config FILE        campaign config (YAML); default: configs/default.yaml
  --state-dir DIR      where the campaign lives: state.json (checkpoint), db.json, summary.json,
                       artifacts/; default: state
  --set KEY=VALUE      override a config key, e.g. --set campaign.generations=3
                       --set dataset.path=data.csv --set acquisition.strategy=ucb (repeatable;
                       validated like the file; paths are relative to where you run the command)
  --resume             continue the campaign in --state-dir from its last checkpoint
  --fresh              move an existing campaign in --state-dir aside (kept, renamed
                       DIR.old-<timestamp>) and start over
  --quiet              print only the final line
  -h, --help           show this help

Exit codes: 0 campaign done, 1 campaign failed, 2 bad usage, config or data,
130/143 interrupted (SIGINT/SIGTERM; resume with --resume).
`;

export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', default: 'configs/default.yaml' },
        'state-dir': { type: 'string', default: 'state' },
        set: { type: 'string', multiple: true, default: [] },
        resume: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    throw new AlcoveError('BAD_CONFIG', `${(error as Error).message}\nRun with --help to see the options.`);
  }
  const v = parsed.values;
  if (v.resume && v.fresh) throw new AlcoveError('BAD_CONFIG', '--resume and --fresh cannot be used together');
  return {
    config: v.config,
    stateDir: v['state-dir'],
    sets: v.set,
    resume: v.resume,
    fresh: v.fresh,
    help: v.help,
    quiet: v.quiet,
  };
}
