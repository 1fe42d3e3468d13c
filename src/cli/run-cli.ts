/**
 * The thin CLI: parse flags, set up signals and the clock, dispatch to a command, release in `finally`.
 * The first SIGINT/SIGTERM stops gracefully (in-flight tasks are aborted and recorded as interrupted,
 * the checkpoint stays at the last transition); a second one exits at once. An error that ends a command
 * is one line and an exit code (report-error.ts); `--debug` adds the stack.
 */
import { systemClock } from '../shared/clock.js';
import { HELP, parseCliArgs, type Command } from './args.js';
import { EXIT, type CommandHandler } from './command-context.js';
import { runCommand } from './commands/run-command.js';
import { reportError } from './report-error.js';
import { packageCommand } from './commands/package-command.js';
import { reproduceCommand } from './commands/reproduce-command.js';
import { sweepCommand } from './commands/sweep-command.js';
import { verifyCommand } from './commands/verify-command.js';

export { EXIT } from './command-context.js';

export const COMMAND_HANDLERS: Record<Command, CommandHandler> = {
  run: runCommand,
  sweep: sweepCommand,
  package: packageCommand,
  verify: verifyCommand,
  reproduce: reproduceCommand,
};

export async function main(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    // Bad flags are usage errors (exit 2); anything else thrown here would be a bug (exit 1).
    return reportError(error, argv.includes('--debug'), err);
  }
  if (args.help) {
    out(HELP);
    return EXIT.done;
  }
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
  try {
    return await COMMAND_HANDLERS[args.command]({
      args,
      out,
      err,
      // --quiet silences progress, never a warning (a view that could not be written, a damaged artifact).
      log: args.quiet ? (line) => (line.startsWith('warning:') ? err(line) : undefined) : out,
      signal: controller.signal,
      exitOnSignal: () => exitOnSignal,
      clock: systemClock,
    });
  } catch (error) {
    return reportError(error, args.debug, err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
