/**
 * The commands of `alcove`, declared: what each does, its positional argument, the options it takes (keys
 * of `options.ts`) and examples for its help page. `program.ts` builds the parser from this table.
 */
import type { Command } from './args.js';
import type { OptionKey } from './options.js';

export interface CommandSpec {
  readonly summary: string;
  /** Longer text for the command's own help page. */
  readonly description?: string;
  /** `<file>` is required, `[dir]` optional; the value lands in `CliArgs.positionals`. */
  readonly argument?: { readonly name: string; readonly description: string };
  readonly options: readonly OptionKey[];
  readonly examples: readonly string[];
}

export const COMMAND_TABLE: Record<Command, CommandSpec> = {
  run: {
    summary: 'run or resume a campaign (the default command)',
    description:
      'Runs an active-learning campaign: featurize → train → evaluate → explore, repeated, checkpointed after ' +
      'every step into the state folder, with a live status.html and an audit trail.',
    options: ['config', 'stateDir', 'set', 'resume', 'fresh', 'tell', 'verify', 'report'],
    examples: [
      'alcove                                         # configs/default.yaml into state/',
      'alcove run --config configs/esol.yaml --set dataset.path=delaney.csv --state-dir runs/esol',
      'alcove --resume --state-dir runs/esol          # continue (or start) the campaign there',
      'alcove --fresh                                 # keep the old state aside, start over',
      'alcove --state-dir runs/lab --tell results.csv # the lab results for the waiting batch',
      'alcove --verify --state-dir runs/esol          # re-hash the artifacts against manifest.json',
    ],
  },
  status: {
    summary: 'how a campaign stands: status, generation, labeled, headline metric',
    argument: { name: '[dir]', description: 'the state folder (default: state)' },
    options: ['json'],
    examples: ['alcove status runs/esol', 'alcove status runs/esol --json | jq .headline'],
  },
  log: {
    summary: 'the campaigns under a folder, one line each, newest first',
    argument: { name: '[folder]', description: 'where to look (default: the working folder)' },
    options: ['json'],
    examples: ['alcove log', 'alcove log sweeps/strategies --json'],
  },
  compare: {
    summary: 'one page comparing campaigns: learning curves against molecules labeled, headlines, a table',
    argument: { name: '<dirs...>', description: "the campaigns' state folders" },
    options: ['out'],
    examples: [
      'alcove compare runs/greedy runs/ucb            # writes compare/compare.html',
      'alcove compare sweeps/strategies/runs/* --out strategies.html',
    ],
  },
  sweep: {
    summary: 'run or resume a parameter sweep',
    options: ['config', 'stateDir'],
    examples: ['alcove sweep --config configs/sweeps/strategies.yaml --state-dir sweeps/strategies'],
  },
  package: {
    summary: 'write a reproducibility package of a campaign or sweep',
    options: ['stateDir', 'out'],
    examples: ['alcove package --state-dir sweeps/strategies --out strategies.tar.gz'],
  },
  verify: {
    summary: "check a package's integrity and list the programs it would run",
    argument: { name: '<file>', description: 'the package (.tar.gz)' },
    options: ['json'],
    examples: ['alcove verify strategies.tar.gz'],
  },
  reproduce: {
    summary: 're-run a package and compare its metrics with the packaged ones',
    description: 'A package is untrusted input: verify lists the programs it would run.',
    argument: { name: '<file>', description: 'the package (.tar.gz)' },
    options: ['stateDir', 'allowCommands'],
    examples: [
      'alcove reproduce strategies.tar.gz --state-dir reproduced',
      'alcove reproduce x.tar.gz --allow-commands',
    ],
  },
  schema: {
    summary: 'print a JSON Schema: of campaign, sweep or limits files (for editors), or of status --json',
    argument: { name: '[kind]', description: 'campaign (default), sweep, limits or status' },
    options: [],
    examples: ['alcove schema > campaign.schema.json', 'alcove schema sweep'],
  },
  task: {
    summary: 'run one remote task file and write its result marker (what a SLURM array task runs)',
    description:
      'Runs the task in a task file of a state folder (remote/<campaign>-<task>/task.bin), then writes ' +
      'result.bin and marker.json beside it. Exit 0 ok, 1 the task failed (the marker says how), 130/143 ' +
      'stopped by a signal before its end (no marker).',
    argument: { name: '<file>', description: 'the task file (or its folder)' },
    options: [],
    examples: ['alcove task state/remote/esol-1a2b3c4d-oracle-g1-c0-a1-0f3e2d1c0b/task.bin'],
  },
  worker: {
    summary: "take a queue's jobs (engine tasks, oracle chunks) from Redis and run them, until SIGTERM",
    description:
      'A worker for campaigns whose executor is { kind: bullmq }: any machine with the project installed and ' +
      "the campaigns' state folders at the same paths. The first SIGINT/SIGTERM lets the running jobs end.",
    options: ['redis', 'queue', 'concurrency'],
    examples: [
      'alcove worker --redis redis://10.0.0.5:6379 --concurrency 4',
      'npm start -- worker --redis redis://127.0.0.1:6379 --queue alcove',
    ],
  },
};

export const EXIT_CODES_HELP = `Exit codes: 0 done (or check passed), 1 campaign failed (or check failed, or an internal error),
2 bad usage, config, data or state folder (or an unsafe, corrupt or oversized package, or one that
would run a program without --allow-commands), 3 waiting for a laboratory's results (--tell them),
130/143 interrupted (SIGINT/SIGTERM; resume with --resume). Errors are one line naming the file and the key or row; --debug adds the stack.`;
