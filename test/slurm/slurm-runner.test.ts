/**
 * The SLURM runner's decisions against a fake scheduler (the real one is in slurm-campaign.test.ts): the
 * marker wins, states without one map to classes, a retry after a timeout asks for twice the time, a
 * resumed runner waits for a job still running instead of submitting again, a cancel scancels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { executorSpecSchema, type SlurmExecutorSpec } from '../../src/config/executor-schema.js';
import { createRemoteBatchRunner } from '../../src/remote/remote-batch-runner.js';
import { runTaskFile } from '../../src/remote/run-task-file.js';
import type { RemoteRunner, RemoteSubmission } from '../../src/remote/remote-task.js';
import { taskDir } from '../../src/remote/task-files.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { readBatches } from '../../src/slurm/slurm-batch.js';
import type { SlurmCommands } from '../../src/slurm/slurm-commands.js';
import { createSlurmRunner } from '../../src/slurm/slurm-runner.js';
import { REPO_ROOT } from '../helpers/cli.js';

const FAKE_DOCKING = join(REPO_ROOT, 'examples/oracles/fake-docking.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Submission {
  readonly args: readonly string[];
  readonly jobId: number;
}

/** A scheduler in memory: array tasks by `<job>_<index>`, their states set by the test. */
function fakeScheduler() {
  const states = new Map<string, { name: string; state: string }>();
  const submitted: Submission[] = [];
  const cancelled: number[] = [];
  let next = 100;
  const commands: SlurmCommands = {
    sbatch: (args) => {
      const jobId = next++;
      const last = Number(/--array=0-(\d+)/.exec(args.join(' '))?.[1]);
      const name = args.find((a) => a.startsWith('--job-name='))?.slice('--job-name='.length) ?? '';
      for (let i = 0; i <= last; i++) states.set(`${jobId}_${i}`, { name, state: 'RUNNING' });
      submitted.push({ args, jobId });
      return Promise.resolve(jobId);
    },
    squeue: () =>
      Promise.resolve(
        JSON.stringify({
          jobs: [...states].map(([key, { name, state }]) => {
            const [job, index] = key.split('_').map(Number);
            return { job_id: job, array_job_id: job, array_task_id: index, name, job_state: state, exit_code: 0 };
          }),
        }),
      ),
    scancel: (ids) => {
      cancelled.push(...ids);
      return Promise.resolve();
    },
  };
  return { commands, states, submitted, cancelled };
}

function setup(over: Record<string, unknown> = {}, stateDir?: string) {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'alcove-slurm-runner-'));
  if (stateDir === undefined) dirs.push(dir);
  const clock = createFakeClock(0);
  const scheduler = fakeScheduler();
  const spec = executorSpecSchema.parse({ kind: 'slurm', poll_s: 1, ...over }) as SlurmExecutorSpec;
  const log: string[] = [];
  const runner = createSlurmRunner({
    spec,
    campaign: 'c',
    stateDir: dir,
    clock,
    log: (l) => log.push(l),
    commands: scheduler.commands,
  });
  /** Lets promises settle, then moves the fake time. */
  const tick = async (ms: number) => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    clock.advance(ms);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  return { dir, clock, scheduler, runner, tick, log };
}

const rows = [{ id: 'm1', smiles: 'CCO' }];
const spec = { argv: [process.execPath, FAKE_DOCKING, '--seconds', '0'], timeoutMs: 20_000, memoryMb: null };
/** One oracle chunk submitted to the runner directly (without a batch runner). */
const chunk: RemoteSubmission = {
  id: 't1',
  stage: 'oracle',
  task: { kind: 'oracle-chunk', spec, rows },
  scale: { mem: 1, time: 1 },
};
const batchRunner = (runner: RemoteRunner) => createRemoteBatchRunner({ runner, generation: () => 3 });

describe('the SLURM runner', () => {
  it('collects a task from its marker, and a retry after a timeout asks for twice the time', async () => {
    const { dir, scheduler, runner, tick } = setup({ time: 10, max_time: 15 });
    const run = batchRunner(runner);
    const first = run(spec, rows, undefined, { items: [4], attempt: 1 });
    await tick(0);
    expect(scheduler.submitted).toHaveLength(1);
    expect(scheduler.submitted[0]?.args).toContain('--time=10');
    scheduler.states.set('100_0', { ...scheduler.states.get('100_0')!, state: 'TIMEOUT' });
    await tick(1000);
    const timedOut = await first;
    expect(timedOut.class).toBe('timeout');
    expect(timedOut.message).toContain('TIMEOUT');

    const second = run(spec, rows, undefined, { items: [4], attempt: 2 });
    await tick(0);
    expect(scheduler.submitted[1]?.args).toContain('--time=15');
    // The array task runs: `alcove task` writes the marker; the job is still RUNNING, the marker wins.
    const folder = taskDir(dir, 'c', taskIdOf(dir, 101));
    expect((await runTaskFile(folder)).class).toBe('ok');
    await tick(1000);
    const done = await second;
    expect(done.class).toBe('ok');
    expect(typeof done.values[0]).toBe('number');
  });

  it('maps NODE_FAIL and a vanished job to lost', async () => {
    const { scheduler, runner, tick } = setup();
    const run = batchRunner(runner);
    const a = run(spec, rows, undefined, { items: [1], attempt: 1 });
    const b = run(spec, [{ id: 'm2', smiles: 'CC' }], undefined, { items: [2], attempt: 1 });
    await tick(0);
    // Asked for in the same tick with the same resources: one array of two.
    expect(scheduler.submitted).toHaveLength(1);
    scheduler.states.set('100_0', { ...scheduler.states.get('100_0')!, state: 'NODE_FAIL' });
    scheduler.states.delete('100_1');
    await tick(1000);
    expect((await a).class).toBe('lost');
    await tick(1000);
    expect((await b).class).toBe('lost');
  });

  it('refuses a job that completed without a marker: the state folder is not shared', async () => {
    const { scheduler, runner, tick } = setup();
    const pending = runner.run(chunk);
    await tick(0);
    scheduler.states.set('100_0', { ...scheduler.states.get('100_0')!, state: 'COMPLETED' });
    const settled = pending.catch((e: unknown) => e);
    await tick(1000);
    const error = (await settled) as { code?: string; message?: string };
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toMatch(/executor\.kind: slurm.*filesystem the nodes share/);
  });

  it('after a restart, waits for a job still running instead of submitting it again', async () => {
    const first = setup();
    void first.runner.run(chunk);
    await first.tick(0);
    expect(first.scheduler.submitted).toHaveLength(1);
    // The orchestrator dies; a new one, same state folder, same scheduler.
    const second = setup({}, first.dir);
    second.scheduler.states.set('100_0', first.scheduler.states.get('100_0')!);
    const again = second.runner.run(chunk);
    await second.tick(0);
    expect(second.scheduler.submitted).toHaveLength(0);
    expect(second.log.join('\n')).toContain('reattached to 1 task');
    await runTaskFile(taskDir(first.dir, 'c', 't1'));
    second.scheduler.states.set('100_0', { ...second.scheduler.states.get('100_0')!, state: 'COMPLETED' });
    await second.tick(1000);
    expect((await again).class).toBe('ok');
    // A third look finds the marker at once, without the scheduler.
    const third = setup({}, first.dir);
    expect((await third.runner.run(chunk)).class).toBe('ok');
    expect(third.scheduler.submitted).toHaveLength(0);
  });

  it('scancels its arrays when closed with cancel, and its waits end interrupted', async () => {
    const { scheduler, runner, tick } = setup();
    const pending = runner.run(chunk);
    await tick(0);
    await runner.close({ cancel: true });
    expect((await pending).class).toBe('interrupted');
    expect(scheduler.cancelled).toEqual([100]);
  });
});

/** The task id of array job `jobId`'s index 0, from its batch record. */
function taskIdOf(stateDir: string, jobId: number): string {
  const record = [...readBatches(join(stateDir, 'remote')).values()].find((b) => b.jobId === jobId);
  return record?.ids[0] ?? 'none';
}
