/**
 * The progress view on a fake clock: the live line on a TTY (start-up, then n/N with a rate and an ETA,
 * cleared around other lines), a line every few seconds in a log, --verbose's stage and attempt lines, and a
 * network's epochs k/K (one network, an ensemble, early stopping).
 */
import { describe, expect, it } from 'vitest';
import type { ProgressUnits } from '../../../src/cli/progress/progress-model.js';
import { createProgressView } from '../../../src/cli/progress/progress-view.js';
import type { CampaignEventMap } from '../../../src/events/campaign-events.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { createEventBus } from '../../../src/shared/event-bus.js';

const UNITS = { featurize: 'molecules', train: 'trees', predict: 'molecules', oracle: 'molecules' };

function setup(tty: boolean, verbose = false, units: ProgressUnits = UNITS) {
  const clock = createFakeClock(1000);
  const events = createEventBus<CampaignEventMap>();
  const writes: string[] = [];
  const lines: string[] = [];
  const view = createProgressView({
    events,
    clock,
    terminal: { tty, color: false, columns: 200 },
    write: (t) => writes.push(t),
    out: (l) => lines.push(l),
    units,
    verbose,
    redrawMs: 250,
    logEveryMs: 5000,
  });
  /** What the live line shows now: the text after the last clear. */
  const live = () => {
    const all = writes.join('');
    return all.slice(all.lastIndexOf('\r\u001b[2K') + 5);
  };
  return { clock, events, writes, lines, view, live };
}

const progress = (done: number, total: number, kind: 'featurize' | 'oracle' = 'featurize') => ({
  stage: kind === 'oracle' ? ('explore' as const) : ('featurize' as const),
  kind,
  generation: 0,
  done,
  total,
});

describe('progress view on a TTY', () => {
  it('names the start-up until the first results, then counts items with a rate and an ETA', () => {
    const { clock, events, lines, view, live } = setup(true);
    clock.advance(2000);
    expect(live()).toBe('start-up: loading the dataset, starting worker threads and RDKit (2.0 s)');
    events.emit('stage:start', { stage: 'featurize', generation: 0 });
    events.emit('stage:progress', progress(0, 4000));
    clock.advance(1000);
    events.emit('stage:progress', progress(1000, 4000));
    expect(lines).toEqual(['start-up: 3.0 s (dataset, worker threads, RDKit) before the first results']);
    clock.advance(250);
    expect(live()).toBe('generation 0 featurize: 1000/4000 molecules (1.3 s)');
    clock.advance(750);
    events.emit('stage:progress', progress(2000, 4000));
    clock.advance(250);
    // 1000 molecules in the 1.25 s since the first piece ended: 800/s, 2000 left.
    expect(live()).toBe('generation 0 featurize: 2000/4000 molecules, 800/s, ETA 2.5 s (2.3 s)');
    view.log('generation 0  labeled 98/4410');
    expect(lines.at(-1)).toBe('generation 0  labeled 98/4410');
    expect(live()).toMatch(/^generation 0 featurize: 2000\/4000/);
    events.emit('stage:end', { stage: 'featurize', generation: 0, ms: 2000, detail: {} });
    clock.advance(250);
    expect(live()).toBe('');
    view.close();
    expect(clock.pending()).toBe(0);
  });

  it('names the task kind when it is not the stage (the oracle in explore)', () => {
    const { clock, events, live, view } = setup(true);
    events.emit('stage:start', { stage: 'explore', generation: 3 });
    events.emit('stage:progress', progress(40, 98, 'oracle'));
    clock.advance(250);
    expect(live()).toBe('generation 3 explore oracle: 40/98 molecules (0.3 s)');
    view.close();
  });
});

describe('progress view in a log', () => {
  it('prints a line every 5 s while a stage runs long, none for a quick one', () => {
    const { clock, events, lines, writes, view } = setup(false);
    events.emit('stage:start', { stage: 'train', generation: 1 });
    events.emit('stage:progress', { stage: 'train', kind: 'train', generation: 1, done: 50, total: 100 });
    lines.length = 0;
    clock.advance(4000);
    expect(lines).toEqual([]);
    clock.advance(2000);
    expect(lines).toEqual(['  generation 1 train: 50/100 trees (5.0 s)']);
    clock.advance(3000);
    expect(lines).toHaveLength(1);
    clock.advance(1000);
    expect(lines).toHaveLength(2);
    events.emit('stage:end', { stage: 'train', generation: 1, ms: 11_000, detail: {} });
    events.emit('stage:start', { stage: 'evaluate', generation: 1 });
    clock.advance(3000);
    events.emit('stage:end', { stage: 'evaluate', generation: 1, ms: 3000, detail: {} });
    clock.advance(10_000);
    expect(lines).toHaveLength(2);
    expect(writes).toEqual([]);
    view.close();
  });

  it('--verbose adds each stage with its time and every retried or failed attempt', () => {
    const { events, lines, view } = setup(false, true);
    events.emit('stage:end', { stage: 'train', generation: 2, ms: 1234, detail: { trees: 100, train_ms: 1200 } });
    const record = {
      id: 'run/train/7',
      stage: 'train' as const,
      kind: 'train' as const,
      generation: 2,
      task: 'train:0+50',
      attempt: 1,
      params: { items: 50, first: 0, timeout_ms: 1000 },
      startedAt: 0,
    };
    events.emit('attempt:end', { record: { ...record, class: 'ok' } });
    events.emit('attempt:end', { record: { ...record, class: 'timeout', message: 'over 1 s' } });
    events.emit('attempt:end', { record: { ...record, attempt: 2, class: 'ok' } });
    expect(lines.slice(1)).toEqual([
      '  train g2: 1.23 s (trees 100)',
      '  train g2: train task train:0+50, attempt 1 (50 items): timeout: over 1 s',
      '  train g2: train task train:0+50, attempt 2 (50 items): ok',
    ]);
    view.close();
  });
});

const NETWORKS: ProgressUnits = { ...UNITS, train: 'networks', steps: 'epochs' };

/** A train call of `members` networks of `epochs` epochs each; `ended` lists [epochs run] of those that ended. */
function epochs(generation: number, members: number, perItem: number, done: number, ended: number[] = []) {
  const endedEarly = ended.filter((e) => e < perItem).length;
  const total = (members - ended.length) * perItem + ended.reduce((a, e) => a + e, 0);
  const steps = { done, total, perItem, items: members, ended: ended.length, endedEarly };
  return { stage: 'train' as const, kind: 'train' as const, generation, done: ended.length, total: members, steps };
}

describe("progress view: a network's epochs", () => {
  /** A progress event, `wait` ms after the last redraw, and what the live line shows 250 ms (a redraw) later. */
  interface Step {
    readonly wait?: number;
    readonly emit: ReturnType<typeof epochs>;
    readonly live?: string | RegExp;
  }
  const cases: { name: string; generation: number; steps: Step[] }[] = [
    {
      name: 'one network: epoch k/K with a rate and an ETA from the first epoch on, and says when it stopped early',
      generation: 2,
      steps: [
        // The start-up ends at the first epoch: a network's one task can train for minutes.
        { emit: epochs(2, 1, 50, 0), live: /up: loading the dataset/ },
        { emit: epochs(2, 1, 50, 1), live: 'generation 2 train: epoch 1/50 (0.5 s)' },
        // 13 epochs in the 2.25 s since the first: 5.8/s, 36 left.
        { wait: 1750, emit: epochs(2, 1, 50, 14), live: 'generation 2 train: epoch 14/50, 5.8/s, ETA 6.2 s (2.5 s)' },
        { emit: epochs(2, 1, 50, 30, [30]), live: 'generation 2 train: epoch 30/50, stopped early (2.8 s)' },
      ],
    },
    {
      name: 'an ensemble: epochs summed over the networks, networks done, and those that stopped early',
      generation: 1,
      steps: [
        { emit: epochs(1, 5, 50, 2) },
        // One network stopped at 30 of 50: the total is 4 × 50 + 30; 60 epochs in the 1.25 s since the first seen.
        {
          wait: 750,
          emit: epochs(1, 5, 50, 62, [30]),
          live: 'generation 1 train: epochs 62/230, 1/5 networks (1 stopped early), 48/s, ETA 3.5 s (1.3 s)',
        },
      ],
    },
  ];
  for (const { name, generation, steps } of cases) {
    it(name, () => {
      const { clock, events, live, view } = setup(true, false, NETWORKS);
      events.emit('stage:start', { stage: 'train', generation });
      for (const step of steps) {
        clock.advance(step.wait ?? 0);
        events.emit('stage:progress', step.emit);
        clock.advance(250);
        if (typeof step.live === 'string') expect(live()).toBe(step.live);
        else if (step.live !== undefined) expect(live()).toMatch(step.live);
      }
      view.close();
    });
  }

  it('in a log: the epochs are in the line printed every few seconds', () => {
    const { clock, events, lines, view } = setup(false, false, NETWORKS);
    events.emit('stage:start', { stage: 'train', generation: 0 });
    events.emit('stage:progress', epochs(0, 1, 200, 1));
    lines.length = 0;
    clock.advance(4000);
    events.emit('stage:progress', epochs(0, 1, 200, 41));
    clock.advance(2000);
    expect(lines).toEqual(['  generation 0 train: epoch 41/200, 8.0/s, ETA 20 s (5.0 s)']);
    view.close();
  });
});
