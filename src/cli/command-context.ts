import type { Clock } from '../shared/clock.js';
import type { CliArgs } from './args.js';
import type { Terminal } from './terminal.js';

/** Exit codes (README's table); `waiting`: a campaign waits for a laboratory's results (`--tell`). */
export const EXIT = { done: 0, failed: 1, usage: 2, waiting: 3, sigint: 130, sigterm: 143 } as const;

/** What every command gets from the CLI's composition root. */
export interface CommandContext {
  readonly args: CliArgs;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Progress lines (silent with --quiet). */
  readonly log: (line: string) => void;
  /** Aborted by the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** 130 or 143, whichever signal arrived. */
  readonly exitOnSignal: () => number;
  readonly clock: Clock;
  /** stdout: a TTY (live progress line) or a log, with or without colours. */
  readonly terminal: Terminal;
  /** Writes to stdout without a newline (a live line redrawn in place); only used when `terminal.tty`. */
  readonly write: (text: string) => void;
}

/** Commands with nothing to wait for (package, verify) return their exit code directly. */
export type CommandHandler = (ctx: CommandContext) => number | Promise<number>;
