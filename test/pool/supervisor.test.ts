/**
 * The supervisor through the real pool, with one fixture worker per failure mode. Time is a fake clock:
 * a timeout fires when the test moves time, once the worker has signalled that it runs the task (a gate),
 * so a retry never races a thread restart on a loaded machine.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../src/pool/worker-pool.js';
import type { AttemptRecord } from '../../src/events/attempt-record.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createSupervisor } from '../../src/pool/supervisor.js';
import { createFakeClock, type FakeClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';
import type { FailingTask } from '../fixtures/workers/failing-worker.js';

const filename = fileURLToPath(new URL('../fixtures/workers/failing-worker.ts', import.meta.url));

let pool: WorkerPool;
beforeAll(() => {
  pool = createWorkerPool({
    threads: 2,
    filename,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
  });
});
afterAll(async () => {
  await pool.close();
});

// Node 20 has Atomics.waitAsync; the ES2023 lib the project compiles against does not declare it yet.
const atomics = Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number): { async: boolean; value: Promise<string> | string };
};

interface Gate {
  readonly started: SharedArrayBuffer;
  readonly raised: Promise<void>;
}

/** A flag the worker raises when it begins a task; `raised` resolves then. */
function startGate(): Gate {
  const started = new SharedArrayBuffer(4);
  const wait = atomics.waitAsync(new Int32Array(started), 0, 0);
  return { started, raised: Promise.resolve(wait.value).then(() => undefined) };
}

function recorder() {
  const events = createEventBus<CampaignEventMap>();
  const started: AttemptRecord[] = [];
  const ended: AttemptRecord[] = [];
  events.on('attempt:start', ({ record }) => void started.push(record));
  events.on('attempt:end', ({ record }) => void ended.push(record));
  return { events, started, ended };
}

function setup(
  mode: FailingTask['mode'],
  failAttempts: number,
  profile = { retries: 2, backoffS: 0, timeoutS: 30 },
  clock: FakeClock = createFakeClock(0),
  /** Raised once a worker runs the first attempt. */
  first?: Gate,
) {
  const { events, started, ended } = recorder();
  const supervisor = createSupervisor(clock, events, 'test');
  const run = (items: readonly number[] = [0, 1, 2, 3]) =>
    supervisor.supervise({
      stage: 'featurize',
      kind: 'featurize',
      generation: 0,
      items,
      profile,
      run: async (its, ctx) => {
        const task: FailingTask = {
          mode,
          items: its,
          attempt: ctx.attempt,
          failAttempts,
          ...(ctx.attempt === 1 && first !== undefined ? { started: first.started } : {}),
        };
        const r = await pool.runRaw<number[]>(task, { signal: ctx.signal });
        return { value: r.value };
      },
    });
  return { run, started, ended };
}

const classes = (ended: AttemptRecord[]) => ended.map((r) => `${r.attempt}:${r.class}:${r.params.items}`);

describe('supervised tasks through the real pool', () => {
  it('records a plain success as one ok attempt', async () => {
    const { run, ended } = setup('ok', 0);
    const r = await run();
    expect(r.parts.map((p) => p.value)).toEqual([[0, 2, 4, 6]]);
    expect(classes(ended)).toEqual(['1:ok:4']);
  });

  it('a worker that exceeds its heap is classified oom and retried as two halves', async () => {
    const { run, ended } = setup('oom', 1);
    const r = await run();
    expect(classes(ended)).toEqual(['1:oom:4', '2:ok:2', '2:ok:2']);
    expect(r.parts.flatMap((p) => p.value)).toEqual([0, 2, 4, 6]);
    expect(r.failed).toEqual([]);
  });

  it('a hanging worker is classified timeout and retried with a longer timeout', async () => {
    const clock = createFakeClock(0);
    const gate = startGate();
    const { run, started, ended } = setup('hang', 1, { retries: 2, backoffS: 0, timeoutS: 0.3 }, clock, gate);
    const pending = run([5, 6]);
    await gate.raised;
    clock.advance(299);
    expect(ended).toEqual([]);
    // The 300 ms timeout: the hung thread is killed; the halves run (on a restarted thread too) with 600 ms,
    // which never pass, since time stands still from here.
    clock.advance(1);
    const r = await pending;
    expect(started.map((s) => s.attempt)).toEqual([1, 2, 2]);
    expect(classes(ended)).toEqual(['1:timeout:2', '2:ok:1', '2:ok:1']);
    expect(ended[0]?.ms).toBe(300);
    expect(ended.slice(1).map((e) => e.params.timeout_ms)).toEqual([600, 600]);
    expect(r.parts.flatMap((p) => p.value)).toEqual([10, 12]);
  });

  it('a worker that exits the thread is classified crash and retried as it was', async () => {
    const { run, ended } = setup('exit', 1);
    const r = await run();
    expect(classes(ended)).toEqual(['1:crash:4', '2:ok:4']);
    expect(r.failed).toEqual([]);
  });

  it('a thrown error is classified error and not retried', async () => {
    const { run, ended } = setup('throw', 5);
    const r = await run();
    expect(classes(ended)).toEqual(['1:error:4']);
    expect(r.failed).toEqual([expect.objectContaining({ items: [0, 1, 2, 3], class: 'error' })]);
    expect(r.failed[0]?.message).toMatch(/thrown inside the worker.*deterministic/);
  });

  it('bad input drops the named molecules and runs the rest', async () => {
    const { run, ended } = setup('bad-input', 1);
    const r = await run([7, 8, 9]);
    expect(classes(ended)).toEqual(['1:bad_input:3', '2:ok:2']);
    expect(r.dropped).toEqual([7]);
    expect(r.parts).toEqual([{ items: [8, 9], value: [16, 18] }]);
  });

  it('gives up after the retry limit and reports the items as failed', async () => {
    const { run, ended } = setup('exit', 10, { retries: 1, backoffS: 0, timeoutS: 30 });
    const r = await run([1, 2]);
    expect(classes(ended)).toEqual(['1:crash:2', '2:crash:2']);
    expect(r.failed).toEqual([expect.objectContaining({ items: [1, 2], class: 'crash' })]);
  });

  it('an aborted stage ends its attempt as interrupted and rejects', async () => {
    const { events, ended } = recorder();
    const supervisor = createSupervisor(createFakeClock(0), events);
    const gate = startGate();
    const controller = new AbortController();
    const pending = supervisor.supervise({
      stage: 'train',
      kind: 'train',
      generation: 1,
      items: [0],
      profile: { retries: 2, backoffS: 0, timeoutS: null },
      signal: controller.signal,
      run: async (its, ctx) => ({
        value: (
          await pool.runRaw<number[]>(
            { mode: 'hang', items: its, attempt: 1, failAttempts: 1, started: gate.started },
            { signal: ctx.signal },
          )
        ).value,
      }),
    });
    await gate.raised;
    controller.abort();
    await expect(pending).rejects.toThrow(/interrupted/);
    expect(ended.map((e) => e.class)).toEqual(['interrupted']);
  });
});
