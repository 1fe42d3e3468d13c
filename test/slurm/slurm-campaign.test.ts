/**
 * Campaigns whose command oracle runs on the real SLURM of this machine (scripts/ci/slurm-up.sh):
 * - the same history as the same campaign run locally;
 * - the orchestrator SIGKILLed while an array runs, then --resume: every chunk ran once (the docking
 *   program's log has each molecule once), nothing was submitted twice, the history matches.
 * - the orchestrator stopped by SIGTERM while an array runs: exit 143 and the arrays are scancelled, or with
 *   `keep_on_interrupt` left to run, and the resume collects them;
 * - a task over its memory: `oom`, its retry with twice the memory; a task past its time likewise;
 * - slurmd killed in the middle of a task (a node failure): `lost`, then submitted again once the node is back.
 * Skipped, saying why, without SLURM; failed instead with ALCOVE_TEST_SLURM=1 (what .ci/run sets).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executorSpecSchema, type SlurmExecutorSpec } from '../../src/config/executor-schema.js';
import { createCommandOracle } from '../../src/oracles/command/command-oracle.js';
import { createRemoteBatchRunner } from '../../src/remote/remote-batch-runner.js';
import { campaignId } from '../../src/remote/task-id.js';
import { systemClock } from '../../src/shared/clock.js';
import { createSlurmRunner } from '../../src/slurm/slurm-runner.js';
import { readJson, science, type Summary } from '../helpers/campaign-history.js';
import { runCli, startCli } from '../helpers/cli.js';
import { within } from '../helpers/processes.js';
import { verdictOf } from '../../src/slurm/slurm-jobs.js';
import { cancelJobs, jobsOf, SLURM_REQUIRED, slurmUnusable } from '../helpers/slurm.js';

const unusable = slurmUnusable();
if (unusable !== null && !SLURM_REQUIRED) console.warn(`skipping the SLURM campaign tests: ${unusable}`);

const dir = mkdtempSync(join(tmpdir(), 'alcove-slurm-campaign-'));
const FAKE = resolve('examples/oracles/fake-docking.mjs');
const SLURM = `executor: { oracle: { kind: slurm, poll_s: 0.25, time: 5, mem_mb: 256 } }\n`;

function configFor(name: string, executor: string, seconds = '0.3'): { config: string; log: string } {
  const log = join(dir, `${name}.log`);
  const config = join(dir, `${name}.yaml`);
  writeFileSync(
    config,
    `name: slurm-campaign
seed: 11
dataset: { builtin: amide-library, subsample: 120 }
featurizer: { kind: morgan, radius: 2, bits: 256 }
model: { trees: 4, max_depth: 3 }
objective: minimize
oracle:
  kind: command
  argv: [${JSON.stringify(FAKE)}, --seconds, '${seconds}', --log, ${JSON.stringify(log)}]
  chunk: 4
  parallel: 4
  timeout_s: 60
campaign: { initial: 8, batch: 8, generations: 2 }
${executor}`,
  );
  return { config, log };
}

const lines = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];

/** The same campaign run locally: what the SLURM runs must match (run once, by the first test that needs it). */
let local: Promise<Summary> | null = null;
const localHistory = () =>
  (local ??= (async () => {
    const whole = configFor('local', '');
    const r = await runCli(['--config', whole.config, '--state-dir', join(dir, 'local'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    return readJson<Summary>(join(dir, 'local', 'summary.json'));
  })());
afterAll(() => {
  if (unusable === null)
    for (const name of ['slurm', 'killed', 'stopped', 'kept']) cancelJobs(`alcove-${campaignId(join(dir, name))}-`);
  rmSync(dir, { recursive: true, force: true });
});

/** The task ids of every array submitted for `stateDir`, as its batch records list them. */
function submittedIds(stateDir: string): string[] {
  const batches = join(stateDir, 'remote', 'batches');
  return readdirSync(batches)
    .filter((n) => n.endsWith('.json'))
    .flatMap((b) => readJson<{ ids: string[] }>(join(batches, b)).ids);
}

/**
 * Resumes the campaign of `stateDir` to its end: each of its 24 molecules docked once, its history the local
 * one, nothing submitted twice (one batch record per array, each task id in one of them). Returns those ids.
 */
async function resumeToTheEnd(config: string, stateDir: string, log: string): Promise<string[]> {
  const resumed = await runCli(['--config', config, '--state-dir', stateDir, '--resume']);
  expect(resumed.code, resumed.stderr).toBe(0);
  const docked = lines(log);
  expect(docked).toHaveLength(24);
  expect(new Set(docked).size).toBe(24);
  expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(await localHistory()));
  const ids = submittedIds(stateDir);
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

/** The arguments starting with `flag` that the arrays submitted for `stateDir` asked for, sorted. */
function askedFor(stateDir: string, flag: string): string[] {
  const batches = join(stateDir, 'remote', 'batches');
  return readdirSync(batches)
    .filter((n) => n.endsWith('.json'))
    .flatMap((n) => readJson<{ args: string[] }>(join(batches, n)).args.filter((a) => a.startsWith(flag)))
    .sort();
}

/** A command oracle of one molecule whose runs are SLURM tasks (one retry), and the classes of its attempts. */
function oracleOnSlurm(name: string, slurm: Record<string, unknown>, argv: string[], timeoutMs: number) {
  const stateDir = join(dir, name);
  const spec = executorSpecSchema.parse({ kind: 'slurm', ...slurm }) as SlurmExecutorSpec;
  const runner = createSlurmRunner({
    spec,
    campaign: campaignId(stateDir),
    stateDir,
    clock: systemClock,
    log: () => 0,
  });
  const classes: string[] = [];
  const oracle = createCommandOracle(
    { argv, timeoutMs, memoryMb: null },
    { smiles: ['CCO'], ids: ['m1'] },
    {
      retries: 1,
      runBatch: createRemoteBatchRunner({ runner, generation: () => 0 }),
      onAttempt: (a) => classes.push(a.class),
    },
  );
  return { runner, oracle, classes };
}

/** A task over a limit: both attempts end with `class`, the retry asking for twice the limit (its `flag`). */
const OVER_LIMITS = [
  {
    title: 'a task over its memory',
    it: 'is an oom, and its retry asks for twice the memory, up to max_mem_mb',
    class: 'oom',
    slurm: { poll_s: 0.5, time: 5, mem_mb: 300, max_mem_mb: 600 },
    // 400 MB/s of real pages: over any limit here within a second or two.
    program: 'const a = []; setInterval(() => a.push(Buffer.alloc(2e7, 1)), 50);',
    timeoutMs: 60_000,
    flag: '--mem=',
    asked: ['--mem=300M', '--mem=600M'],
    testMs: 120_000,
  },
  {
    title: 'a task past its time',
    it: 'is a timeout, and its retry asks for twice the time, up to max_time',
    class: 'timeout',
    // 6 s, then 12 s: slurmctld checks time limits about every 30 s, so each attempt ends within ~40 s.
    slurm: { poll_s: 0.5, time: 0.1, max_time: 0.2, mem_mb: 256 },
    program: 'setInterval(() => 0, 1000);',
    timeoutMs: 600_000,
    flag: '--time=',
    asked: ['--time=0:06', '--time=0:12'],
    testMs: 240_000,
  },
] as const;

describe.skipIf(unusable !== null && !SLURM_REQUIRED)('a campaign whose oracle runs on SLURM', () => {
  it('SLURM is usable here', () => {
    expect(unusable).toBeNull();
  });

  it('ends with the same history as the same campaign run locally', async () => {
    await localHistory();
    const { config, log } = configFor('slurm', SLURM);
    const stateDir = join(dir, 'slurm');
    const r = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(await localHistory()));
    expect(lines(log)).toHaveLength(24);
    // Every chunk went through a task folder with its marker; one array per label call's chunks.
    const tasks = readdirSync(join(stateDir, 'remote')).filter((n) => n !== 'batches');
    expect(tasks).toHaveLength(6);
    for (const t of tasks) expect(existsSync(join(stateDir, 'remote', t, 'marker.json'))).toBe(true);
  }, 240_000);

  it('SIGKILLed while an array runs, then --resume: each chunk ran once and the history matches', async () => {
    const { config, log } = configFor('killed', SLURM);
    const stateDir = join(dir, 'killed');
    const run = startCli(['--config', config, '--state-dir', stateDir]);
    // The gate: generation 1's chunks have started docking on SLURM (generation 0 docked 8 molecules).
    expect(await within(90_000, () => lines(log).length >= 9)).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    expect(await resumeToTheEnd(config, stateDir, log)).toHaveLength(6);
  }, 240_000);

  it('SIGTERM while an array runs: exit 143, and the arrays are cancelled', async () => {
    const { config, log } = configFor('stopped', SLURM, '20');
    const stateDir = join(dir, 'stopped');
    const run = startCli(['--config', config, '--state-dir', stateDir]);
    expect(await within(90_000, () => lines(log).length >= 1)).toBe(true);
    const prefix = `alcove-${campaignId(stateDir)}-`;
    expect(jobsOf(prefix).some((j) => verdictOf(j).kind === 'active')).toBe(true);
    run.child.kill('SIGTERM');
    const done = await run.done;
    expect(done.code, done.stderr).toBe(143);
    const states = () => jobsOf(prefix).map((j) => j.state);
    expect(await within(30_000, () => states().every((s) => s === 'CANCELLED')), states().join(' ')).toBe(true);
  }, 240_000);

  it('SIGTERM with keep_on_interrupt: the arrays run on, and --resume collects them without a resubmit', async () => {
    const keep = `executor: { oracle: { kind: slurm, poll_s: 0.25, time: 5, mem_mb: 256, keep_on_interrupt: true } }\n`;
    const { config, log } = configFor('kept', keep, '1');
    const stateDir = join(dir, 'kept');
    const run = startCli(['--config', config, '--state-dir', stateDir]);
    expect(await within(90_000, () => lines(log).length >= 1)).toBe(true);
    run.child.kill('SIGTERM');
    const done = await run.done;
    expect(done.code, done.stderr).toBe(143);
    // The chunks in flight were left to finish: their molecules are docked with no orchestrator waiting.
    const prefix = `alcove-${campaignId(stateDir)}-`;
    expect(jobsOf(prefix).some((j) => j.state === 'CANCELLED')).toBe(false);
    await resumeToTheEnd(config, stateDir, log);
  }, 240_000);
});

for (const c of OVER_LIMITS) {
  describe.skipIf(unusable !== null && !SLURM_REQUIRED)(c.title, () => {
    it(
      c.it,
      async () => {
        const { runner, oracle, classes } = oracleOnSlurm(
          c.class,
          c.slurm,
          [process.execPath, '-e', c.program],
          c.timeoutMs,
        );
        try {
          expect(await oracle.label([0])).toEqual([null]);
          expect(classes).toEqual([c.class, c.class]);
          expect(askedFor(join(dir, c.class), c.flag)).toEqual(c.asked);
        } finally {
          await runner.close({ cancel: true });
        }
      },
      c.testMs,
    );
  });
}

// In this file, after the campaigns: it stops the node, which every SLURM test shares.
describe.skipIf(unusable !== null && !SLURM_REQUIRED)('a node failure in the middle of a task', () => {
  it('is lost, and the chunk is submitted again and runs once the node is back', async () => {
    const log = join(dir, 'node-failure.log');
    const pids = join(dir, 'node-failure.pids');
    const { runner, oracle, classes } = oracleOnSlurm(
      'node-failure',
      { poll_s: 0.5, time: 5, mem_mb: 256 },
      [FAKE, '--seconds', '4', '--log', log, '--pids', pids],
      60_000,
    );
    try {
      const labeled = oracle.label([0]);
      expect(await within(60_000, () => lines(pids).length >= 1)).toBe(true);
      // The node dies: slurmd, the job's step daemon, the task and its program, all at once.
      const [program] = (lines(pids)[0] ?? '').split(' ').map(Number);
      const task = parentOf(program!);
      const stepd = parentOf(task);
      for (const pid of [Number(readFileSync(SLURMD_PID, 'utf8')), stepd, task]) process.kill(pid, 'SIGKILL');
      process.kill(-program!, 'SIGKILL');
      expect(await within(60_000, () => classes.length >= 1)).toBe(true);
      expect(classes).toEqual(['lost']);
      execFileSync(resolve('scripts/ci/slurm-up.sh'), { stdio: 'ignore' });
      expect(await labeled).toHaveLength(1);
      expect(classes).toEqual(['lost', 'ok']);
      expect(lines(log)).toEqual(['m1', 'm1']);
    } finally {
      await runner.close({ cancel: true });
      execFileSync(resolve('scripts/ci/slurm-up.sh'), { stdio: 'ignore' });
    }
  }, 150_000);
});

const SLURMD_PID = join(process.env.ALCOVE_SLURM_DIR ?? join(tmpdir(), 'alcove-slurm'), 'slurmd.pid');

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
