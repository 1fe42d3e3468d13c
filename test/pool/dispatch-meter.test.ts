import { describe, expect, it } from 'vitest';
import { coveredMs, dispatchTiming, epochNow, metered, type DispatchTiming } from '../../src/pool/dispatch-meter.js';
import { isRun, rowsAt } from '../../src/models/forest-on-pool.js';

const call = { stage: 'explore', kind: 'predict', generation: 2 };

describe('coveredMs', () => {
  it('measures the union of spans clipped to the window', () => {
    expect(coveredMs(0, 100, [])).toBe(0);
    // Two threads overlapping (10-60 and 40-90) cover 10-90; a span before the window is clipped away.
    expect(
      coveredMs(0, 100, [
        { start: 10, ms: 50 },
        { start: 40, ms: 50 },
        { start: -30, ms: 20 },
      ]),
    ).toBe(80);
    // Disjoint spans add up; one crossing the window's end counts up to the end.
    expect(
      coveredMs(0, 100, [
        { start: 70, ms: 100 },
        { start: 5, ms: 10 },
      ]),
    ).toBe(40);
    // Order does not matter; a span inside another adds nothing.
    expect(
      coveredMs(0, 100, [
        { start: 20, ms: 5 },
        { start: 10, ms: 30 },
      ]),
    ).toBe(30);
  });
});

describe('dispatchTiming', () => {
  it('is the window less the time in which some worker computed', () => {
    const t = dispatchTiming(call, 1000, 1400, [
      { start: 1008, ms: 200 },
      { start: 1010, ms: 150 },
      { start: 1209, ms: 180 },
    ]);
    expect(t).toEqual<DispatchTiming>({
      ...call,
      call_ms: 400,
      compute_ms: 200 + 180,
      dispatch_ms: 400 - 380,
      worker_ms: 530,
      tasks: 3,
    });
  });

  it('a call without tasks is all dispatch; time never goes negative', () => {
    expect(dispatchTiming(call, 5, 9, []).dispatch_ms).toBe(4);
    expect(dispatchTiming(call, 9, 5, [{ start: 0, ms: 100 }]).dispatch_ms).toBe(0);
  });
});

describe('metered', () => {
  it('reports the recorded spans of a call, also when it fails', async () => {
    const reports: DispatchTiming[] = [];
    const value = await metered(
      call,
      (t) => reports.push(t),
      async (record) => {
        const start = epochNow();
        await new Promise((r) => setTimeout(r, 30));
        record({ startedAt: start, ms: epochNow() - start });
        return 7;
      },
    );
    expect(value).toBe(7);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.tasks).toBe(1);
    expect(reports[0]!.compute_ms).toBeGreaterThan(25);
    expect(reports[0]!.dispatch_ms).toBeLessThan(reports[0]!.call_ms);
    await expect(
      metered(
        call,
        (t) => reports.push(t),
        async () => Promise.reject(new Error('boom')),
      ),
    ).rejects.toThrow('boom');
    expect(reports).toHaveLength(2);
    expect(reports[1]!.tasks).toBe(0);
  });

  it("a worker's warm-up reported with its first reply counts as compute where it overlaps the call", async () => {
    const reports: DispatchTiming[] = [];
    await metered(
      call,
      (t) => reports.push(t),
      async (record) => {
        const start = epochNow();
        await new Promise((r) => setTimeout(r, 40));
        const mid = epochNow();
        await new Promise((r) => setTimeout(r, 10));
        // The warm-up ran from before the call until `mid`; the task from `mid` to now.
        record({ startedAt: mid, ms: epochNow() - mid, warmup: { startedAt: start - 1000, ms: mid - (start - 1000) } });
      },
    );
    expect(reports[0]!.tasks).toBe(1);
    expect(reports[0]!.dispatch_ms).toBeLessThan(5);
    expect(reports[0]!.compute_ms).toBeGreaterThan(45);
  });

  it('without a listener it just runs the body', async () => {
    await expect(
      metered(call, undefined, (record) => (record({ startedAt: 0, ms: 1 }), Promise.resolve('ok'))),
    ).resolves.toBe('ok');
  });
});

describe('rowsAt', () => {
  const rows = Int32Array.from({ length: 20 }, (_, i) => 100 + i);
  it('copies contiguous runs as a slice, other positions one by one', () => {
    const run = rowsAt(rows, [3, 4, 5, 6]);
    expect(Array.from(run)).toEqual([103, 104, 105, 106]);
    expect(run.buffer).not.toBe(rows.buffer);
    expect(run.buffer.byteLength).toBe(16);
    expect(Array.from(rowsAt(rows, [5, 3, 4, 6]))).toEqual([105, 103, 104, 106]);
    expect(Array.from(rowsAt(rows, [0, 2, 4]))).toEqual([100, 102, 104]);
    expect(Array.from(rowsAt(rows, []))).toEqual([]);
    expect([[], [4], [4, 5, 6], [4, 6], [4, 5, 5, 7], [6, 5, 4]].map(isRun)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
