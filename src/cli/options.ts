/**
 * Every option of the command line, in one declarative table: a flag is one row here (its key is the
 * field of `CliArgs` it fills) and its name in the `options` list of the commands that take it
 * (`command-table.ts`). The parser (commander) is built from these rows; nothing else declares a flag.
 */

/** `flag` is a boolean switch, `value` takes one argument, `list` is repeatable. */
export type OptionKind = 'flag' | 'value' | 'list';

export interface OptionSpec {
  readonly kind: OptionKind;
  /** As commander spells it: `--state-dir <dir>`; the key is its camelCase name. */
  readonly flags: string;
  readonly description: string;
  /** A `value` option's default (shown in the help); others default to false / none. */
  readonly default?: string;
}

export const OPTIONS = {
  config: {
    kind: 'value',
    flags: '--config <file>',
    description: 'campaign config (YAML); for run the default is configs/default.yaml, sweep needs one',
  },
  stateDir: {
    kind: 'value',
    flags: '--state-dir <dir>',
    description:
      'the state folder: state.json (checkpoint), summary.json, db.json, audit.jsonl, status.html, ' +
      'report.md, manifest.json, artifacts/',
    default: 'state',
  },
  set: {
    kind: 'list',
    flags: '--set <key=value>',
    description:
      'override a config key, validated like the file (repeatable), e.g. --set campaign.generations=3; ' +
      'paths are relative to where you run the command',
  },
  resume: {
    kind: 'flag',
    flags: '--resume',
    description: 'continue the campaign in --state-dir from its last checkpoint (starts one if there is none)',
  },
  fresh: {
    kind: 'flag',
    flags: '--fresh',
    description: 'move an existing campaign aside (kept, renamed DIR.old-<timestamp>) and start over',
  },
  tell: {
    kind: 'value',
    flags: '--tell <file>',
    description:
      'results (CSV id,score) for the batch a campaign with oracle kind manual waits on ' +
      '(DIR/batches/generation-N.csv); checked whole, then the campaign goes on (implies --resume); ' +
      'partial results are kept, the rest stay pending',
  },
  verify: { kind: 'flag', flags: '--verify', description: "re-hash --state-dir's artifacts against manifest.json" },
  report: {
    kind: 'flag',
    flags: '--report',
    description: '(re)write report.md and learning-curve.svg for the campaign in --state-dir',
  },
  out: {
    kind: 'value',
    flags: '--out <file>',
    description:
      'the file to write: the package (.tar.gz) for package, the page for compare (default compare/compare.html)',
  },
  allowCommands: {
    kind: 'flag',
    flags: '--allow-commands',
    description: 'let reproduce run the programs the package names (a command oracle)',
  },
  json: { kind: 'flag', flags: '--json', description: 'print JSON (for scripts) instead of text' },
  quiet: { kind: 'flag', flags: '--quiet', description: 'print only the final line and warnings' },
  verbose: {
    kind: 'flag',
    flags: '--verbose',
    description: 'also print every stage with its time, and every failed or retried task attempt',
  },
  debug: {
    kind: 'flag',
    flags: '--debug',
    description: 'print the stack of an error that ends the command (for a bug report)',
  },
  redis: {
    kind: 'value',
    flags: '--redis <url>',
    description:
      "the Redis of the queue a worker takes jobs from (redis:// or rediss://), as the campaign's executor.redis",
  },
  queue: {
    kind: 'value',
    flags: '--queue <name>',
    description: "the queue's name (executor.queue)",
    default: 'alcove',
  },
  concurrency: {
    kind: 'value',
    flags: '--concurrency <n>',
    description: 'jobs a worker runs at once (engine tasks each on a thread of its own)',
    default: '1',
  },
  noColor: { kind: 'flag', flags: '--no-color', description: 'no colours (also when NO_COLOR is set or not a TTY)' },
} as const satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;

type ValueOf<S extends OptionSpec> = S['kind'] extends 'flag'
  ? boolean
  : S['kind'] extends 'list'
    ? readonly string[]
    : S extends { readonly default: string }
      ? string
      : string | null;

/** The parsed value of every option (a command's own options; the others keep their defaults). */
export type OptionValues = { readonly [K in OptionKey]: ValueOf<(typeof OPTIONS)[K]> };

/** Options every command takes: how much it prints, colours, and the stack of an error. */
export const COMMON_OPTIONS = ['quiet', 'verbose', 'debug', 'noColor'] as const satisfies readonly OptionKey[];

/** `noColor`'s flag is `--no-color`: commander stores it negated, under `color`. */
export function attributeOf(key: OptionKey): string {
  return key === 'noColor' ? 'color' : key;
}

/** Each option's value in commander's parsed `opts`, or its default. */
export function optionValues(opts: Readonly<Record<string, unknown>>): OptionValues {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(OPTIONS) as [OptionKey, OptionSpec][]) {
    const raw = opts[attributeOf(key)];
    if (key === 'noColor') out[key] = raw === false;
    else if (spec.kind === 'flag') out[key] = raw === true;
    else if (spec.kind === 'list') out[key] = Array.isArray(raw) ? raw.map(String) : [];
    else out[key] = typeof raw === 'string' ? raw : (spec.default ?? null);
  }
  return out as OptionValues;
}
