/**
 * The sweep command's progress: on a TTY a live line (runs finished, running, ETA) redrawn in place and cleared
 * before any other line (use `log`); in a log, the same line every `logEveryMs` (default 10 s) while runs are
 * going. A run's start and end are already lines of their own (`run … starting`, `run … done`).
 */
import type { Clock } from '../../shared/clock.js';
import type { SweepRunEvent } from '../../sweep/run-one.js';
import type { Terminal } from '../terminal.js';
import {
  describeSweepProgress,
  initialSweepProgress,
  nextSweepProgress,
  type SweepProgressState,
} from './sweep-progress-model.js';

export interface SweepProgressOptions {
  readonly clock: Clock;
  readonly terminal: Terminal;
  readonly write: (text: string) => void;
  readonly out: (line: string) => void;
  readonly total: number;
  readonly before: number;
  readonly redrawMs?: number;
  readonly logEveryMs?: number;
}

export interface SweepProgress {
  readonly onRun: (event: SweepRunEvent) => void;
  readonly log: (line: string) => void;
  readonly close: () => void;
}

const CLEAR_LINE = '\r\u001b[2K';

export function createSweepProgress(o: SweepProgressOptions): SweepProgress {
  const { clock, terminal } = o;
  let state: SweepProgressState = initialSweepProgress(o.total, o.before, clock.monotonic());
  let drawn = false;
  let lastLogged = clock.monotonic();
  const every = o.logEveryMs ?? 10_000;
  const clear = () => {
    if (drawn) o.write(CLEAR_LINE);
    drawn = false;
  };
  const draw = () => {
    clear();
    if (state.running.size === 0) return;
    o.write(describeSweepProgress(state, clock.monotonic()).slice(0, Math.max(20, terminal.columns - 1)));
    drawn = true;
  };
  const log = (line: string) => {
    clear();
    o.out(line);
    if (terminal.tty) draw();
  };
  const tick = () => {
    if (terminal.tty) return draw();
    const now = clock.monotonic();
    if (state.running.size === 0 || now - lastLogged < every) return;
    lastLogged = now;
    o.out(describeSweepProgress(state, now));
  };
  const timer = clock.setInterval(tick, terminal.tty ? (o.redrawMs ?? 250) : Math.min(1000, every), { unref: true });
  return {
    onRun(event) {
      state = nextSweepProgress(state, event, clock.monotonic());
      if (terminal.tty) return draw();
      // In a log, each finished run also says where the sweep stands.
      if (event.kind === 'end' && event.status !== 'interrupted') {
        lastLogged = clock.monotonic();
        o.out(describeSweepProgress(state, lastLogged));
      }
    },
    log,
    close() {
      clock.clearInterval(timer);
      clear();
    },
  };
}
