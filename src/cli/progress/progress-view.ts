/**
 * The progress of a campaign as the CLI shows it, an observer of the run's events. On a TTY: one live line,
 * redrawn in place a few times a second and cleared before any other line is printed (use `log`). In a log
 * file or pipe: a line every few seconds while a stage (or the start-up) runs long, nothing while it is quick.
 * With --verbose also every stage's end with its time, and every failed or retried task attempt.
 */
import type { CampaignEventMap } from '../../events/campaign-events.js';
import type { Clock } from '../../shared/clock.js';
import type { EventBus } from '../../shared/event-bus.js';
import type { Terminal } from '../terminal.js';
import {
  describeProgress,
  describeStartup,
  initialProgress,
  nextProgress,
  type ProgressEvent,
  type ProgressState,
  type ProgressUnits,
} from './progress-model.js';

export interface ProgressViewOptions {
  readonly events: Pick<EventBus<CampaignEventMap>, 'on'>;
  readonly clock: Clock;
  readonly terminal: Terminal;
  /** Raw stdout (the live line is redrawn with a carriage return). */
  readonly write: (text: string) => void;
  /** Where whole lines go. */
  readonly out: (line: string) => void;
  readonly units: ProgressUnits;
  readonly verbose: boolean;
  /** How often the live line is redrawn on a TTY (default 250 ms). */
  readonly redrawMs?: number;
  /** Without a TTY: a line at most this often, once a stage has run this long (default 5 s). */
  readonly logEveryMs?: number;
}

export interface ProgressView {
  /** Prints a line (clearing the live line first, drawing it again after). */
  readonly log: (line: string) => void;
  /** Stops listening and clears the live line. */
  readonly close: () => void;
}

const CLEAR_LINE = '\r\u001b[2K';

function attemptLine(r: CampaignEventMap['attempt:end']['record']): string | null {
  if (r.class === 'ok' && r.attempt === 1) return null;
  const why = r.class === 'ok' ? 'ok' : `${r.class}${r.message ? `: ${r.message}` : ''}`;
  return `  ${r.stage} g${r.generation}: ${r.kind} task ${r.task}, attempt ${r.attempt} (${r.params.items} items): ${why}`;
}

function stageLine(e: CampaignEventMap['stage:end']): string {
  const detail = Object.entries(e.detail)
    .filter(([k]) => !k.endsWith('_ms'))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `  ${e.stage} g${e.generation}: ${(e.ms / 1000).toFixed(2)} s${detail ? ` (${detail})` : ''}`;
}

export function createProgressView(o: ProgressViewOptions): ProgressView {
  const { clock, terminal } = o;
  let state: ProgressState = initialProgress(clock.monotonic());
  let drawn = false;
  let lastLogged = clock.monotonic();
  const clear = () => {
    if (drawn) o.write(CLEAR_LINE);
    drawn = false;
  };
  const draw = () => {
    const line = describeProgress(state, clock.monotonic(), o.units);
    clear();
    if (line === null) return;
    o.write(line.slice(0, Math.max(20, terminal.columns - 1)));
    drawn = true;
  };
  const log = (line: string) => {
    clear();
    o.out(line);
    if (terminal.tty) draw();
  };
  const apply = (event: ProgressEvent) => {
    const wasStartup = state.startupEndedAt === null;
    state = nextProgress(state, event, clock.monotonic());
    const startup = wasStartup ? describeStartup(state) : null;
    if (startup !== null) log(startup);
  };
  const tick = () => {
    if (terminal.tty) return draw();
    const now = clock.monotonic();
    const since = state.startupEndedAt === null ? state.startedAt : state.stage?.since;
    const every = o.logEveryMs ?? 5000;
    if (since === undefined || now - since < every || now - lastLogged < every) return;
    const line = describeProgress(state, now, o.units);
    if (line === null) return;
    lastLogged = now;
    o.out(`  ${line}`);
  };
  const offs = [
    o.events.on('stage:start', (payload) => apply({ name: 'stage:start', payload })),
    o.events.on('stage:progress', (payload) => apply({ name: 'stage:progress', payload })),
    o.events.on('stage:end', (payload) => {
      apply({ name: 'stage:end', payload });
      if (o.verbose) log(stageLine(payload));
    }),
    o.events.on('attempt:end', ({ record }) => {
      const line = o.verbose ? attemptLine(record) : null;
      if (line !== null) log(line);
    }),
  ];
  const timer = clock.setInterval(tick, terminal.tty ? (o.redrawMs ?? 250) : Math.min(1000, o.logEveryMs ?? 5000), {
    unref: true,
  });
  return {
    log,
    close() {
      clock.clearInterval(timer);
      for (const off of offs) off();
      clear();
    },
  };
}
