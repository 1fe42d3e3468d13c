/**
 * Campaigns whose command oracle runs on the real SLURM of this machine (scripts/ci/slurm-up.sh):
 * - the same history as the same campaign run locally;
 * - the orchestrator SIGKILLed while an array runs, then --resume: every chunk ran once (the docking
 *   program's log has each molecule once), nothing was submitted twice, the history matches.
 * - the orchestrator stopped by SIGTERM while an array runs: exit 143 and the arrays are scancelled.
 * Skipped, saying why, without SLURM; failed instead with ALCOVE_TEST_SLURM=1 (what .ci/run sets).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignId } from '../../src/remote/task-id.js';
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

let local: Summary;
beforeAll(async () => {
  if (unusable !== null) return;
  const whole = configFor('local', '');
  const r = await runCli(['--config', whole.config, '--state-dir', join(dir, 'local'), '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  local = readJson<Summary>(join(dir, 'local', 'summary.json'));
}, 120_000);
afterAll(() => {
  if (unusable === null)
    for (const name of ['slurm', 'killed', 'stopped']) cancelJobs(`alcove-${campaignId(join(dir, name))}-`);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(unusable !== null && !SLURM_REQUIRED)('a campaign whose oracle runs on SLURM', () => {
  it('SLURM is usable here', () => {
    expect(unusable).toBeNull();
  });

  it('ends with the same history as the same campaign run locally', async () => {
    const { config, log } = configFor('slurm', SLURM);
    const stateDir = join(dir, 'slurm');
    const r = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(local));
    expect(lines(log)).toHaveLength(24);
    // Every chunk went through a task folder with its marker; one array per label call's chunks.
    const tasks = readdirSync(join(stateDir, 'remote')).filter((n) => n !== 'batches');
    expect(tasks).toHaveLength(6);
    for (const t of tasks) expect(existsSync(join(stateDir, 'remote', t, 'marker.json'))).toBe(true);
  }, 120_000);

  it('SIGKILLed while an array runs, then --resume: each chunk ran once and the history matches', async () => {
    const { config, log } = configFor('killed', SLURM);
    const stateDir = join(dir, 'killed');
    const run = startCli(['--config', config, '--state-dir', stateDir]);
    // The gate: generation 1's chunks have started docking on SLURM (generation 0 docked 8 molecules).
    expect(await within(90_000, () => lines(log).length >= 9)).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');

    const resumed = await runCli(['--config', config, '--state-dir', stateDir, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const docked = lines(log);
    expect(docked).toHaveLength(24);
    expect(new Set(docked).size).toBe(24);
    expect(science(readJson<Summary>(join(stateDir, 'summary.json')))).toEqual(science(local));
    // Nothing submitted twice: one batch record per array, each task id in one of them.
    const batches = readdirSync(join(stateDir, 'remote', 'batches')).filter((n) => n.endsWith('.json'));
    const ids = batches.flatMap((b) => readJson<{ ids: string[] }>(join(stateDir, 'remote', 'batches', b)).ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);
  }, 180_000);

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
  }, 120_000);
});
