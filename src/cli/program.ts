/**
 * The parser of `alcove`, built with commander from the command and option tables: per-command help with
 * examples, `--version`, suggestions for a mistyped option or command. It only parses: `parseCommandLine`
 * returns the chosen command's arguments (or says that help or the version was printed), and a usage error
 * is an AlcoveError (exit 2) with one line naming the flag.
 */
import { readFileSync } from 'node:fs';
import { Command as Commander, CommanderError, Option } from 'commander';
import { AlcoveError } from '../shared/errors.js';
import { checkArgs, COMMANDS, type CliArgs, type Command } from './args.js';
import { COMMAND_TABLE, EXIT_CODES_HELP } from './command-table.js';
import { COMMON_OPTIONS, OPTIONS, optionValues, type OptionKey } from './options.js';

/** The package's version, from the package.json two folders up (from `src/cli` and from `dist/cli`). */
export function alcoveVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export interface ProgramOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether help may be coloured (a TTY without NO_COLOR, and no --no-color). */
  readonly color: boolean;
}

export type Parsed = { readonly kind: 'command'; readonly args: CliArgs } | { readonly kind: 'printed' };

function addOption(cmd: Commander, key: OptionKey): void {
  const spec = OPTIONS[key];
  const option = new Option(spec.flags, spec.description);
  if (spec.kind === 'list')
    option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  if ('default' in spec) option.default(spec.default);
  cmd.addOption(option);
}

function examplesText(name: Command): string {
  const lines = COMMAND_TABLE[name].examples.map((e) => `  $ ${e}`);
  return `\nExamples:\n${lines.join('\n')}\n`;
}

function buildProgram(io: ProgramOutput, chosen: (args: CliArgs) => void): Commander {
  const program = new Commander('alcove')
    .description('Active-learning campaigns for drug-discovery machine learning.')
    .version(alcoveVersion(), '--version', 'print the version')
    .helpOption('-h, --help', 'show help (alcove COMMAND --help: a command and its examples)')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Errors are reported by the caller, one line with the `alcove:` prefix (see toUsageError).
      outputError: () => undefined,
      getOutHasColors: () => io.color,
      getErrHasColors: () => io.color,
    })
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  for (const name of COMMANDS) {
    const spec = COMMAND_TABLE[name];
    const cmd = program
      .command(name, { isDefault: name === 'run' })
      .summary(spec.summary)
      .description(spec.description === undefined ? spec.summary : `${spec.summary}\n\n${spec.description}`);
    if (spec.argument !== undefined) cmd.argument(spec.argument.name, spec.argument.description);
    for (const key of [...spec.options, ...COMMON_OPTIONS]) addOption(cmd, key);
    cmd.addHelpText('after', examplesText(name));
    cmd.action((...params: unknown[]) => {
      // commander passes the declared argument (if any), then the options, then the command.
      // A variadic argument (`<dirs...>`) arrives as an array.
      const positional = spec.argument === undefined ? [] : [params[0]].flat();
      const opts = (params[params.length - 1] as Commander).opts();
      chosen(
        checkArgs({
          command: name,
          positionals: positional.filter((p): p is string => typeof p === 'string'),
          ...optionValues(opts),
        }),
      );
    });
  }
  return program;
}

/** A first word that is not a command would reach `run` as a stray argument: name it as a command. */
function checkCommandWord(argv: readonly string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || first === 'help') return;
  if ((COMMANDS as readonly string[]).includes(first)) return;
  throw new AlcoveError(
    'BAD_CONFIG',
    `unknown command '${first}' (commands: ${COMMANDS.join(', ')}); see alcove --help`,
  );
}

/** commander's message ("error: unknown option '--x'\n(Did you mean --y?)") as one line naming the help page. */
function toUsageError(error: CommanderError, argv: readonly string[]): AlcoveError {
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n');
  const hint = rest.map((line) => line.replace(/^\((.*)\)$/, '$1').replace(/^Did/, 'did')).join(' ');
  const command = (COMMANDS as readonly string[]).includes(argv[0] ?? '') ? argv[0] : 'run';
  const message = `${first.replace(/\.$/, '')}${hint === '' ? '' : ` (${hint})`}; see alcove ${command} --help`;
  return new AlcoveError('BAD_CONFIG', message, { cause: error });
}

export function parseCommandLine(argv: readonly string[], io: ProgramOutput): Parsed {
  checkCommandWord(argv);
  let args: CliArgs | null = null;
  const program = buildProgram(io, (chosen) => (args = chosen));
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { kind: 'printed' };
    throw toUsageError(error, argv);
  }
  if (args === null) return { kind: 'printed' };
  return { kind: 'command', args };
}
