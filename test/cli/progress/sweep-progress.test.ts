/**
 * The sweep's progress on a fake clock: runs finished of the total (failed and earlier ones counted), the runs
 * running and for how long, an ETA from this process's rate; a live line on a TTY, lines in a log.
 */
import { describe, expect, it } from 'vitest';
import { createSweepProgress } from '../../../src/cli/progress/sweep-progress.js';
import {
  describeSweepProgress,
  initialSweepProgress,
  nextSweepProgress,
} from '../../../src/cli/progress/sweep-progress-model.js';
import { createFakeClock } from '../../../src/shared/clock.js';

describe('sweep progress', () => {
  it('counts runs and gives an ETA from the rate so far', () => {
    let s = initialSweepProgress(10, 2, 0);
    expect(describeSweepProgress(s, 0)).toBe('sweep: 2/10 runs finished (0 s)');
    s = nextSweepProgress(s, { kind: 'start', id: 'a' }, 0);
    s = nextSweepProgress(s, { kind: 'start', id: 'b' }, 5_000);
    expect(describeSweepProgress(s, 20_000)).toBe('sweep: 2/10 runs finished, 2 running (longest 20 s) (20 s)');
    s = nextSweepProgress(s, { kind: 'end', id: 'a', status: 'done' }, 30_000);
    s = nextSweepProgress(s, { kind: 'end', id: 'b', status: 'failed' }, 60_000);
    // 2 runs in 60 s, 6 left: 180 s.
    expect(describeSweepProgress(s, 60_000)).toBe('sweep: 4/10 runs finished (1 failed), ETA 3 min (60 s)');
    s = nextSweepProgress(s, { kind: 'start', id: 'c' }, 60_000);
    s = nextSweepProgress(s, { kind: 'end', id: 'c', status: 'interrupted' }, 61_000);
    expect(s.running.size).toBe(0);
    expect(s.done + s.failed).toBe(2);
  });

  it('on a TTY redraws one live line; in a log prints a line per finished run and every 10 s', () => {
    const clock = createFakeClock(0);
    const writes: string[] = [];
    const tty = createSweepProgress({
      clock,
      terminal: { tty: true, color: false, columns: 200 },
      write: (t) => writes.push(t),
      out: () => undefined,
      total: 3,
      before: 0,
    });
    tty.onRun({ kind: 'start', id: 'a' });
    clock.advance(2_000);
    expect(writes.join('').split('\r\u001b[2K').at(-1)).toBe('sweep: 0/3 runs finished, 1 running (longest 2 s) (2 s)');
    tty.close();

    const lines: string[] = [];
    const log = createSweepProgress({
      clock,
      terminal: { tty: false, color: false, columns: 80 },
      write: () => undefined,
      out: (l) => lines.push(l),
      total: 3,
      before: 0,
      logEveryMs: 10_000,
    });
    log.onRun({ kind: 'start', id: 'a' });
    clock.advance(9_000);
    expect(lines).toEqual([]);
    clock.advance(2_000);
    expect(lines).toEqual(['sweep: 0/3 runs finished, 1 running (longest 10 s) (10 s)']);
    log.onRun({ kind: 'end', id: 'a', status: 'done' });
    expect(lines.at(-1)).toBe('sweep: 1/3 runs finished, ETA 22 s (11 s)');
    clock.advance(30_000);
    expect(lines).toHaveLength(2); // nothing running: no periodic line
    log.close();
  });
});
