import { describe, expect, it } from 'vitest';
import { admitLimits } from '../../src/scheduling/admission.js';
import { createBusyMeter } from '../../src/scheduling/busy-meter.js';
import { decideOffPeak, isHold, isOffPeak, type OffPeakPolicy } from '../../src/scheduling/off-peak.js';
import { createPriorityQueue } from '../../src/scheduling/priority-queue.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createFakeClock } from '../../src/shared/clock.js';

const policy: OffPeakPolicy = { hours: '22:00-08:00', weekends: true, max_wait_h: 48, timezone: 'utc' };
const at = (iso: string) => Date.parse(iso);

describe('off-peak policy (fake clock)', () => {
  it('holds a heavy task before the window and releases it in the window', () => {
    const clock = createFakeClock(at('2025-03-04T14:00:00Z')); // a Tuesday
    const task = { heavy: true, queuedAt: clock.now() };
    const d = decideOffPeak(task, clock.now(), policy);
    expect(isHold(d)).toBe(true);
    if (isHold(d)) {
      expect(d.until).toBe(at('2025-03-04T22:00:00Z'));
      expect(d.reason).toMatch(/window/);
    }
    clock.advance(8 * 3_600_000); // 22:00
    expect(decideOffPeak(task, clock.now(), policy)).toBe('run');
    expect(decideOffPeak({ heavy: false, queuedAt: 0 }, at('2025-03-04T14:00:00Z'), policy)).toBe('run');
    expect(isOffPeak(at('2025-03-05T07:59:00Z'), policy)).toBe(true);
    expect(isOffPeak(at('2025-03-05T08:00:00Z'), policy)).toBe(false);
  });

  it('weekends count as off-peak all day', () => {
    expect(decideOffPeak({ heavy: true, queuedAt: 0 }, at('2025-03-08T12:00:00Z'), policy)).toBe('run'); // Saturday
    const friday = decideOffPeak({ heavy: true, queuedAt: at('2025-03-07T09:00:00Z') }, at('2025-03-07T09:00:00Z'), {
      ...policy,
      hours: '23:00-23:30',
    });
    expect(isHold(friday) && friday.until).toBe(at('2025-03-07T23:00:00Z'));
  });

  it('releases at the wait limit when the window is further away', () => {
    const p: OffPeakPolicy = { ...policy, max_wait_h: 2 };
    const queuedAt = at('2025-03-04T09:00:00Z');
    const d = decideOffPeak({ heavy: true, queuedAt }, queuedAt, p);
    expect(isHold(d) && d.until).toBe(at('2025-03-04T11:00:00Z'));
    expect(isHold(d) && d.reason).toMatch(/wait limit/);
    expect(isHold(decideOffPeak({ heavy: true, queuedAt }, at('2025-03-04T10:59:00Z'), p))).toBe(true);
    expect(decideOffPeak({ heavy: true, queuedAt }, at('2025-03-04T11:00:00Z'), p)).toBe('run');
  });
});

describe('priority queue', () => {
  it('pops the highest priority first, oldest first among equals', () => {
    const q = createPriorityQueue<string>();
    [
      ['a', 0],
      ['b', 5],
      ['c', 0],
      ['d', 5],
      ['e', -1],
      ['f', 9],
    ].forEach(([x, p]) => q.push(x as string, p as number));
    expect(q.drain()).toEqual(['f', 'b', 'd', 'a', 'c', 'e']);
    expect(q.size).toBe(0);
  });
});

describe('resource admission', () => {
  const limits = (yaml: string) => parseConfigText(`dataset: { builtin: amide-library }\n${yaml}`, 'x.yaml').config;
  const machine = { cpus: 2, memoryMb: 4096 };
  it('refuses a profile asking for more than the machine, naming the field', () => {
    const c = limits('limits: { train: { threads: 8 }, featurize: { threads: 2, memory_mb: 4000 } }');
    expect(() => admitLimits(c.limits, c.workers, machine, { downsize: false })).toThrow(
      /limits\.train\.threads: 8 requested, the machine has 2 CPUs/,
    );
    expect(() => admitLimits(c.limits, c.workers, machine, { downsize: false })).toThrow(
      /limits\.featurize\.memory_mb/,
    );
  });
  it('downsizes when allowed, and admits what fits unchanged', () => {
    const c = limits('limits: { train: { threads: 8, memory_mb: 4000 } }');
    const r = admitLimits(c.limits, c.workers, machine, { downsize: true });
    expect(r.limits.train.threads).toBe(2);
    expect(r.limits.train.memory_mb).toBe(2048);
    expect(r.notes.join('\n')).toMatch(/downsized limits\.train/);
    const ok = limits('workers: 2');
    expect(admitLimits(ok.limits, ok.workers, machine, { downsize: false }).notes).toEqual([]);
  });
});

describe('busy meter', () => {
  it('counts min(outstanding, threads) worker-time', () => {
    const clock = createFakeClock(0);
    const m = createBusyMeter(2, clock);
    m.start();
    clock.advance(1000); // 1 busy
    m.start();
    m.start();
    clock.advance(1000); // 3 outstanding, 2 threads
    m.end();
    m.end();
    m.end();
    clock.advance(1000); // idle
    expect(m.busyMs()).toBe(3000);
  });
});
