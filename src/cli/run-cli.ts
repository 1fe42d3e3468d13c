/**
 * The thin CLI: parse the command line (program.ts), set up signals, the clock and the terminal, dispatch to
 * a command, release in `finally`. The first SIGINT/SIGTERM stops gracefully (in-flight tasks are aborted and
 * recorded as interrupted, the checkpoint stays at the last transition); a second one exits at once. An error
 * that ends a command is one line and an exit code (report-error.ts); `--debug` adds the stack.
 */
import { systemClock } from '../shared/clock.js';
import type { Command } from './args.js';
import { EXIT, type CommandHandler } from './command-context.js';
import { parseCommandLine } from './program.js';
import { reportError } from './report-error.js';
import { detectTerminal } from './terminal.js';

export { EXIT } from './command-context.js';

/**
 * Each command's module is loaded when it is chosen: `--help`, `--version`, `status` and `log` start without
 * loading the campaign's code (the pools, RDKit's bindings, the models).
 */
export const COMMAND_HANDLERS: Record<Command, CommandHandler> = {
  run: async (ctx) => (await import('./commands/run-command.js')).runCommand(ctx),
  status: async (ctx) => (await import('./commands/status-command.js')).statusCommand(ctx),
  log: async (ctx) => (await import('./commands/log-command.js')).logCommand(ctx),
  compare: async (ctx) => (await import('./commands/compare-command.js')).compareCommand(ctx),
  sweep: async (ctx) => (await import('./commands/sweep-command.js')).sweepCommand(ctx),
  package: async (ctx) => (await import('./commands/package-command.js')).packageCommand(ctx),
  verify: async (ctx) => (await import('./commands/verify-command.js')).verifyCommand(ctx),
  reproduce: async (ctx) => (await import('./commands/reproduce-command.js')).reproduceCommand(ctx),
  schema: async (ctx) => (await import('./commands/schema-command.js')).schemaCommand(ctx),
  task: async (ctx) => (await import('./commands/task-command.js')).taskCommand(ctx),
  worker: async (ctx) => (await import('./commands/worker-command.js')).workerCommand(ctx),
};

/** The first SIGINT/SIGTERM aborts `controller`; a second one exits at once. */
function handleSignals(controller: AbortController, err: (line: string) => void) {
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
  return {
    exitOnSignal: () => exitOnSignal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const write = (text: string) => void process.stdout.write(text);
  const out = (line: string) => write(`${line}\n`);
  const err = (line: string) => void process.stderr.write(`${line}\n`);
  const debug = argv.includes('--debug');
  const terminal = detectTerminal(process.stdout, process.env, argv.includes('--no-color'));
  let parsed;
  try {
    parsed = parseCommandLine(argv, { out: write, err: (text) => process.stderr.write(text), color: terminal.color });
  } catch (error) {
    // Bad flags are usage errors (exit 2); anything else thrown here would be a bug (exit 1).
    return reportError(error, debug, err);
  }
  if (parsed.kind === 'printed') return EXIT.done;
  const { args } = parsed;
  const controller = new AbortController();
  const signals = handleSignals(controller, err);
  try {
    return await COMMAND_HANDLERS[args.command]({
      args,
      out,
      err,
      // --quiet silences progress, never a warning (a view that could not be written, a damaged artifact).
      log: args.quiet ? (line) => (line.startsWith('warning:') ? err(line) : undefined) : out,
      signal: controller.signal,
      exitOnSignal: signals.exitOnSignal,
      clock: systemClock,
      terminal,
      write,
    });
  } catch (error) {
    return reportError(error, args.debug, err);
  } finally {
    signals.release();
  }
}
