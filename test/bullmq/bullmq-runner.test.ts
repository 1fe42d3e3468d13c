/**
 * The BullMQ runner and an in-process Alcove worker on a real Redis (ALCOVE_TEST_REDIS): round trips of
 * oracle chunks and engine tasks, inline and by reference; one run per job id (re-adding reattaches); a
 * cancelled wait kills the task on its worker; a job completed while nobody waited is collected later.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAlcoveWorker, type AlcoveWorker } from '../../src/bullmq/alcove-worker.js';
import { createBullmqRunner } from '../../src/bullmq/bullmq-runner.js';
import type { RemoteRunner, RemoteSubmission } from '../../src/remote/remote-task.js';
import { systemClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { isAlive } from '../helpers/processes.js';
import { assertRedisUp, dropQueue, SKIP_REASON, TEST_REDIS, uniqueQueue } from '../helpers/redis.js';

const ORACLE = fileURLToPath(new URL('../fixtures/oracles/timed-oracle.ts', import.meta.url));
const url = TEST_REDIS ?? '';

function chunk(id: string, log: string, ms = 0, smiles = ['CCO', 'c1ccccc1']): RemoteSubmission {
  return {
    id,
    stage: 'oracle',
    scale: { mem: 1, time: 1 },
    task: {
      kind: 'oracle-chunk',
      spec: {
        argv: [process.execPath, '--import', 'tsx', ORACLE, '--ms', String(ms), '--log', log],
        timeoutMs: 60_000,
        memoryMb: null,
      },
      rows: smiles.map((s, i) => ({ id: `m${i}`, smiles: s })),
    },
  };
}

const starts = (log: string) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('start '))
    : [];

describe.skipIf(TEST_REDIS === null)(
  `the BullMQ runner on a real Redis${TEST_REDIS === null ? ` (${SKIP_REASON})` : ''}`,
  () => {
    let dir = '';
    let queue = '';
    const open: { runners: RemoteRunner[]; workers: AlcoveWorker[] } = { runners: [], workers: [] };
    const runner = (inline = 256 * 1024) => {
      const r = createBullmqRunner({
        spec: { redis: url, queue, inline_limit_bytes: inline },
        stateDir: dir,
        campaign: 'test-1234abcd',
        clock: systemClock,
      });
      open.runners.push(r);
      return r;
    };
    const worker = async (concurrency = 1) => {
      const w = await startAlcoveWorker({ redis: url, queue, concurrency, clock: systemClock });
      open.workers.push(w);
      return w;
    };

    beforeAll(async () => {
      await assertRedisUp(url);
    });
    afterEach(async () => {
      await Promise.allSettled(open.runners.splice(0).map((r) => r.close({ cancel: false })));
      await Promise.allSettled(open.workers.splice(0).map((w) => w.close(true)));
      await dropQueue(url, queue);
      rmSync(dir, { recursive: true, force: true });
    });
    const fresh = () => {
      dir = mkdtempSync(join(tmpdir(), 'alcove-bullmq-'));
      queue = uniqueQueue('runner');
    };

    it('runs an oracle chunk on a worker, inline and by reference, and removes the collected job', async () => {
      fresh();
      await worker();
      for (const inline of [256 * 1024, 0]) {
        const r = runner(inline);
        const log = join(dir, `log-${inline}`);
        const out = await r.run(chunk(`oracle-g0-c0-a1-${inline}`, log));
        expect(out.class).toBe('ok');
        if (out.class !== 'ok' || out.result.kind !== 'oracle-chunk') throw new Error('no chunk result');
        expect(out.result.result.values).toEqual([3, 8]);
        expect(starts(log)).toHaveLength(1);
      }
      const q = new Queue(queue, { connection: { url } });
      try {
        // Collected: gone from Redis, and so are the payload files of the by-reference run.
        expect(await q.getJobCounts('completed', 'failed', 'wait', 'active')).toEqual({
          completed: 0,
          failed: 0,
          wait: 0,
          active: 0,
        });
      } finally {
        await q.close();
      }
      expect(existsSync(join(dir, 'remote', 'test-1234abcd-oracle-g0-c0-a1-0'))).toBe(false);
    });

    it('runs an engine task on the worker threads, its big result by reference', async () => {
      fresh();
      await worker();
      const r = runner(16);
      const out = await r.run({
        id: 'featurize-g0-c0-a1',
        stage: 'featurize',
        scale: { mem: 1, time: 1 },
        task: {
          kind: 'engine',
          task: {
            type: 'featurize',
            smiles: ['CCO', 'C1CC(', 'c1ccccc1'],
            spec: { kind: 'morgan', radius: 2, bits: 64 },
          },
        },
      });
      if (out.class !== 'ok' || out.result.kind !== 'engine' || !out.result.reply.ok)
        throw new Error(`not ok: ${JSON.stringify(out)}`);
      const value = out.result.reply.value;
      if (value.type !== 'featurize') throw new Error('not a featurize result');
      expect(Array.from(value.valid)).toEqual([1, 0, 1]);
    });

    it('adds a job once per id: a second run of the same submission reattaches, the task runs once', async () => {
      fresh();
      const log = join(dir, 'log');
      const r1 = runner();
      const r2 = runner();
      // No worker yet: both runs find the job queued, one added it and the other's add was a no-op.
      const both = Promise.all([r1.run(chunk('oracle-g1-c0-a1', log)), r2.run(chunk('oracle-g1-c0-a1', log))]);
      await worker();
      const [a, b] = await both;
      expect([a.class, b.class]).toEqual(['ok', 'ok']);
      expect(starts(log)).toHaveLength(1);
    });

    it('collects a job that completed while no orchestrator waited (a resume after SIGKILL)', async () => {
      fresh();
      const log = join(dir, 'log');
      const first = runner();
      const controller = new AbortController();
      const w = await worker();
      // The first orchestrator "dies" once the task started: its wait ends without cancelling the job.
      const waiting = first.run(chunk('oracle-g2-c0-a1', log, 300), controller.signal);
      await until(() => starts(log).length === 1);
      await first.close({ cancel: false });
      open.runners.splice(open.runners.indexOf(first), 1);
      await until(() => readFileSync(log, 'utf8').includes('end '));
      const resumed = runner();
      const out = await resumed.run(chunk('oracle-g2-c0-a1', log, 300));
      expect(out.class).toBe('ok');
      expect(starts(log)).toHaveLength(1);
      expect((await waiting).class).toBe('interrupted');
      controller.abort();
      await w.close();
    });

    it("a timeout cancels the job: the program is stopped on the worker (the processor's signal)", async () => {
      fresh();
      const log = join(dir, 'log');
      await worker();
      const r = runner();
      const controller = new AbortController();
      const waiting = r.run(chunk('oracle-g3-c0-a1', log, 60_000, ['CCO']), controller.signal);
      await until(() => starts(log).length === 1);
      controller.abort(new AlcoveError('TIMEOUT', 'attempt timed out after 5 ms'));
      expect(await waiting).toMatchObject({ class: 'timeout' });
      const pid = Number(starts(log)[0]?.split(' ')[1]);
      await until(() => !isAlive(pid));
      expect(readFileSync(log, 'utf8')).not.toContain('end ');
    });

    it('an interrupt leaves the job to close: cancel stops it, keep_on_interrupt (no cancel) lets it run', async () => {
      fresh();
      await worker(2);
      const stopped = runner();
      const kept = runner();
      const [logA, logB] = [join(dir, 'a'), join(dir, 'b')];
      const interrupt = new AbortController();
      const a = stopped.run(chunk('oracle-g4-c0-a1', logA, 60_000, ['CCO']), interrupt.signal);
      const b = kept.run(chunk('oracle-g4-c1-a1', logB, 1500, ['CCO']), interrupt.signal);
      await until(() => starts(logA).length === 1 && starts(logB).length === 1);
      interrupt.abort();
      expect((await a).class).toBe('interrupted');
      expect((await b).class).toBe('interrupted');
      const pidA = Number(starts(logA)[0]?.split(' ')[1]);
      // The interrupt alone cancels nothing: the program runs until the close says so.
      expect(isAlive(pidA)).toBe(true);
      await stopped.close({ cancel: true });
      await kept.close({ cancel: false });
      await until(() => !isAlive(pidA));
      await until(() => readFileSync(logB, 'utf8').includes('end '));
      expect(readFileSync(logA, 'utf8')).not.toContain('end ');
    });

    it('a resume after an interrupt that cancelled a job runs that job again (the cancel mark does not stick)', async () => {
      fresh();
      const log = join(dir, 'log');
      await worker();
      const first = runner();
      const interrupt = new AbortController();
      const a = first.run(chunk('oracle-g5-c0-a1', log, 60_000, ['CCO']), interrupt.signal);
      await until(() => starts(log).length === 1);
      interrupt.abort();
      expect((await a).class).toBe('interrupted');
      await first.close({ cancel: true });
      const resumed = runner();
      // The same id (its work is the same; this program is quick, so that the test is).
      const out = await resumed.run(chunk('oracle-g5-c0-a1', log, 0, ['CCO']));
      expect(out.class).toBe('ok');
      expect(starts(log)).toHaveLength(2);
    });
  },
);

/** Waits for a condition that an event outside this process makes true (a file line, a process exit). */
async function until(done: () => boolean, ms = 20_000): Promise<void> {
  for (let waited = 0; !done(); waited += 25) {
    if (waited > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
