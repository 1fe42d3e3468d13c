/**
 * A campaign whose engine tasks and oracle chunks run on BullMQ workers ends with the same history as the
 * same campaign run locally (the executor is left out of the config hash: it changes where work runs,
 * never what it gives). The workers are in this process (the same code the worker command runs, without
 * its start-up); a Redis that does not answer stops the run at once, exit 2, naming executor.redis.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlcoveWorker, type AlcoveWorker } from '../../src/bullmq/alcove-worker.js';
import { systemClock } from '../../src/shared/clock.js';
import { readJson, science, type Summary } from '../helpers/campaign-history.js';
import { runMain, startCli } from '../helpers/cli.js';
import { within } from '../helpers/processes.js';
import { assertRedisUp, dropQueue, freePort, SKIP_REASON, TEST_REDIS, uniqueQueue } from '../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-bullmq-campaign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FAKE = resolve('examples/oracles/fake-docking.mjs');
const docked = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);

function config(name: string, executor: string, oracleArgs = "'0'"): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: bullmq-campaign
seed: 11
dataset: { builtin: amide-library, subsample: 80 }
featurizer: { kind: morgan, radius: 2, bits: 256 }
model: { trees: 6, max_depth: 4 }
objective: minimize
oracle: { kind: command, argv: [${JSON.stringify(FAKE)}, --seconds, ${oracleArgs}], chunk: 4, parallel: 2, timeout_s: 60 }
campaign: { initial: 8, batch: 8, generations: 1 }
${executor}
`,
  );
  return path;
}

describe('executor: bullmq, bad Redis', () => {
  it('a Redis that does not answer: exit 2, one line naming executor.redis, before the state folder is made', async () => {
    const port = await freePort();
    const file = config('unreachable', `executor: { kind: bullmq, redis: 'redis://127.0.0.1:${port}' }`);
    const r = await runMain(['--config', file, '--state-dir', join(dir, 'unreachable'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`executor.redis: cannot reach Redis at redis://127.0.0.1:${port}`));
  });
});

describe.skipIf(TEST_REDIS === null)(
  `a campaign on BullMQ workers${TEST_REDIS === null ? ` (${SKIP_REASON})` : ''}`,
  () => {
    const url = TEST_REDIS ?? '';
    const queue = uniqueQueue('campaign');
    const workers: AlcoveWorker[] = [];
    const ran: string[] = [];
    beforeAll(async () => {
      await assertRedisUp(url);
      for (let i = 0; i < 2; i++) {
        const log = (line: string) => ran.push(line);
        workers.push(await startAlcoveWorker({ redis: url, queue, concurrency: 1, clock: systemClock, log }));
      }
    });
    afterAll(async () => {
      await Promise.allSettled(workers.map((w) => w.close(true)));
      await dropQueue(url, queue);
    });

    it('ends with the same history as the same campaign run locally', async () => {
      const local = await runMain(['--config', config('local', ''), '--state-dir', join(dir, 'local'), '--quiet']);
      expect(local.code, local.stderr).toBe(0);
      const remote = await runMain([
        '--config',
        config('remote', `executor: { kind: bullmq, redis: '${url}', queue: ${queue} }`),
        '--state-dir',
        join(dir, 'remote'),
        '--quiet',
      ]);
      expect(remote.code, remote.stderr).toBe(0);
      const a = readJson<Summary>(join(dir, 'local', 'summary.json'));
      const b = readJson<Summary>(join(dir, 'remote', 'summary.json'));
      expect(b.history).toHaveLength(2);
      expect(science(b)).toEqual(science(a));
      // The work did go through the workers: every stage's tasks, and the oracle's chunks.
      const stages = new Set(ran.map((line) => /^worker: [^.]+\.([a-z]+)-g\d+/.exec(line)?.[1]));
      // (No held-out set with a program for oracle: evaluate has nothing to predict.)
      expect([...stages].sort()).toEqual(['explore', 'featurize', 'oracle', 'train']);
      expect(ran.every((line) => / ok in \d+ ms$/.test(line))).toBe(true);
    });

    it('the orchestrator SIGKILLed while its jobs run, then --resume: each chunk ran once, the same history', async () => {
      const log = join(dir, 'docked.log');
      const file = config(
        'killed',
        `executor: { kind: bullmq, redis: '${url}', queue: ${queue} }`,
        `'0.4', --log, ${JSON.stringify(log)}`,
      );
      const stateDir = join(dir, 'killed');
      const run = startCli(['--config', file, '--state-dir', stateDir, '--quiet']);
      // The gate: a docking of the first batch has started on a worker.
      await within(120_000, () => docked(log).length >= 1);
      run.child.kill('SIGKILL');
      expect((await run.done).signal).toBe('SIGKILL');
      const resumed = await runMain(['--config', file, '--state-dir', stateDir, '--resume', '--quiet']);
      expect(resumed.code, resumed.stderr).toBe(0);
      // The chunks the killed run had queued ran on, and the resume collected them instead of adding them again.
      const counts = new Map<string, number>();
      for (const id of docked(log)) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(counts.size).toBe(16);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const a = readJson<Summary>(join(dir, 'local', 'summary.json'));
      expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(a));
    });
  },
);
