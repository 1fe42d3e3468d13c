/**
 * Alcove workers as processes of the built CLI, on a real Redis: a worker SIGKILLed in the middle of a task
 * (another one finishes it), two workers sharing four tasks (they run two at a time), a Redis killed and
 * restarted with jobs queued (none lost: append-only file), a graceful SIGTERM.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBullmqRunner } from '../../src/bullmq/bullmq-runner.js';
import { LOCK_DURATION_MS, STALLED_INTERVAL_MS } from '../../src/bullmq/queue-settings.js';
import type { RemoteRunner, RemoteSubmission } from '../../src/remote/remote-task.js';
import { systemClock } from '../../src/shared/clock.js';
import { isAlive } from '../helpers/processes.js';
import {
  assertRedisUp,
  dropQueue,
  SKIP_REASON,
  startOwnRedis,
  TEST_REDIS,
  uniqueQueue,
  type OwnRedis,
} from '../helpers/redis.js';
import { buildCli, startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

const ORACLE = fileURLToPath(new URL('../fixtures/oracles/timed-oracle.ts', import.meta.url));

interface Run {
  readonly pid: number;
  readonly worker: number;
  readonly start: number;
  readonly end: number | null;
}

/** The fixture oracle's runs, from its log: who ran each (its parent, a worker) and when. */
function runsIn(log: string): Run[] {
  if (!existsSync(log)) return [];
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' '));
  return lines
    .filter((f) => f[0] === 'start')
    .map((f) => {
      const end = lines.find((e) => e[0] === 'end' && e[1] === f[1]);
      return { pid: Number(f[1]), worker: Number(f[2]), start: Number(f[3]), end: end ? Number(end[3]) : null };
    });
}

function chunk(id: string, log: string, ms: number, smiles = 'CCO'): RemoteSubmission {
  return {
    id,
    stage: 'oracle',
    scale: { mem: 1, time: 1 },
    task: {
      kind: 'oracle-chunk',
      spec: {
        argv: [process.execPath, '--import', 'tsx', ORACLE, '--ms', String(ms), '--log', log],
        timeoutMs: 120_000,
        memoryMb: null,
      },
      rows: [{ id: id, smiles }],
    },
  };
}

async function until(done: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  for (let waited = 0; !(await done()); waited += 25) {
    if (waited > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(TEST_REDIS === null)(`Alcove worker processes${TEST_REDIS === null ? ` (${SKIP_REASON})` : ''}`, () => {
  let dir = '';
  const workers: WorkerProcess[] = [];
  const runners: RemoteRunner[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await assertRedisUp(TEST_REDIS ?? '');
    buildCli();
  });
  afterEach(async () => {
    await Promise.allSettled(runners.splice(0).map((r) => r.close({ cancel: false })));
    for (const w of workers.splice(0))
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    for (const c of cleanups.splice(0).reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });
  const setUp = (redis: string, label: string) => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-workers-'));
    const queue = uniqueQueue(label);
    cleanups.push(() => dropQueue(redis, queue));
    const runner = createBullmqRunner({
      spec: { redis, queue, inline_limit_bytes: 256 * 1024 },
      stateDir: dir,
      campaign: 'test-1234abcd',
      clock: systemClock,
    });
    runners.push(runner);
    const worker = (extra: readonly string[] = []) => {
      const w = startWorkerProcess(redis, queue, extra);
      workers.push(w);
      return w;
    };
    return { queue, runner, worker, log: join(dir, 'oracle.log') };
  };

  it('a worker SIGKILLed in the middle of a task: another worker takes the job over and finishes it', async () => {
    // The settings that make the takeover quick: a lock that lapses within seconds of the death.
    expect(LOCK_DURATION_MS + 2 * STALLED_INTERVAL_MS).toBeLessThanOrEqual(10_000);
    const { runner, worker, log } = setUp(TEST_REDIS ?? '', 'kill');
    const a = worker();
    await a.ready;
    const done = runner.run(chunk('oracle-g0-c0-a1', log, 3000));
    await until(() => runsIn(log).length === 1);
    a.child.kill('SIGKILL');
    await a.exited;
    // Its program is in a process group of its own and outlives it; stop it too (a dead machine would).
    const first = runsIn(log)[0];
    if (first === undefined) throw new Error('no first run');
    process.kill(-first.pid, 'SIGKILL');
    const b = worker();
    await b.ready;
    const out = await done;
    expect(out.class).toBe('ok');
    const runs = runsIn(log);
    expect(runs.map((r) => r.worker)).toEqual([a.pid, b.pid]);
    expect(runs[1]?.end).not.toBeNull();
  });

  it('two workers share four tasks: they run two at a time, each on its own worker', async () => {
    const { runner, worker, log } = setUp(TEST_REDIS ?? '', 'pair');
    const ws = [worker(), worker()];
    await Promise.all(ws.map((w) => w.ready));
    const outs = await Promise.all([0, 1, 2, 3].map((i) => runner.run(chunk(`oracle-g0-c${i}-a1`, log, 1000))));
    expect(outs.map((o) => o.class)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const runs = runsIn(log);
    expect(runs).toHaveLength(4);
    // At every start, how many runs were going on: never more than two (one per worker), two at some point.
    const overlap = runs.map((r) => runs.filter((o) => o.start <= r.start && (o.end ?? Infinity) > r.start).length);
    expect(Math.max(...overlap)).toBe(2);
    expect(new Set(runs.map((r) => r.worker))).toEqual(new Set(ws.map((w) => w.pid)));
    // The first SIGTERM is graceful: the workers close and exit as interrupted (143).
    for (const w of ws) w.child.kill('SIGTERM');
    expect((await Promise.all(ws.map((w) => w.exited))).map((e) => e.code)).toEqual([143, 143]);
  });

  it('Redis killed and restarted with jobs queued: none is lost, each runs once', async () => {
    const redis: OwnRedis = await startOwnRedis();
    cleanups.push(() => redis.dispose());
    const { queue, runner, worker, log } = setUp(redis.url, 'restart');
    const outs = Promise.all([0, 1, 2].map((i) => runner.run(chunk(`oracle-g0-c${i}-a1`, log, 0))));
    const q = new Queue(queue, { connection: { url: redis.url } });
    q.on('error', () => undefined);
    try {
      await until(async () => (await q.getJobCounts('wait')).wait === 3);
    } finally {
      await q.close();
    }
    await redis.stop('SIGKILL');
    await redis.start();
    const w = worker();
    await w.ready;
    expect((await outs).map((o) => o.class)).toEqual(['ok', 'ok', 'ok']);
    expect(runsIn(log)).toHaveLength(3);
    expect(runsIn(log).every((r) => isAlive(r.pid) === false)).toBe(true);
  });
});
