/**
 * What the output stream is: a TTY gets a live progress line and (unless NO_COLOR, or --no-color) colours;
 * a log file or a pipe gets plain lines. FORCE_COLOR forces colours, as in most Node tools.
 */
export interface Terminal {
  /** stdout is a terminal: progress may redraw one line in place. */
  readonly tty: boolean;
  readonly color: boolean;
  /** Width of the terminal (80 when unknown). */
  readonly columns: number;
}

export interface TerminalSource {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function detectTerminal(
  stream: TerminalSource,
  env: Readonly<Record<string, string | undefined>>,
  noColorFlag: boolean,
): Terminal {
  const tty = stream.isTTY === true && env.TERM !== 'dumb';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  // https://no-color.org: present and not empty disables colour.
  const disabled = noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '');
  return { tty, color: !disabled && (forced || tty), columns: stream.columns ?? 80 };
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
export type Style = keyof typeof CODES;

/** `paint('red', text)`: ANSI-styled when colours are on, the text itself otherwise. */
export function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m` : text);
}
