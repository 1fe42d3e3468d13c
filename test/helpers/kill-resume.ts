/**
 * The steps of the kill/resume tests: an uninterrupted run to compare with, a run SIGKILLed once its checkpoint
 * holds some rounds, and the resume that must end as the uninterrupted run did.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { acquisitions, checkpointGeneration, readJson, science, type Summary } from './campaign-history.js';
import { runCli, startCli } from './cli.js';

/** Runs the campaign of `config` in `stateDir` to its end: done, with its `generations` rounds and the first. */
export async function runWhole(config: string, stateDir: string, generations: number): Promise<Summary> {
  const full = await runCli(['--config', config, '--state-dir', stateDir, '--quiet']);
  expect(full.code, full.stderr).toBe(0);
  const summary = readJson<Summary>(join(stateDir, 'summary.json'));
  expect(summary.status).toBe('done');
  expect(summary.history).toHaveLength(generations + 1);
  return summary;
}

/** Runs the CLI with `args` and SIGKILLs it once the checkpoint in `stateDir` holds `rounds` rounds. */
export async function killWhenRound(stateDir: string, args: string[], rounds: number): Promise<void> {
  const run = startCli(args);
  const poll = setInterval(() => {
    if (checkpointGeneration(stateDir) >= rounds) run.child.kill('SIGKILL');
  }, 5);
  const res = await run.done;
  clearInterval(poll);
  expect(res.signal, res.stderr).toBe('SIGKILL');
}

/** Resumes the campaign in `killed` to its end: done, with the history and acquisitions of the run in `whole`. */
export async function expectResumedAsWhole(config: string, killed: string, whole: string): Promise<void> {
  const resumed = await runCli(['--config', config, '--state-dir', killed, '--resume']);
  expect(resumed.code, resumed.stderr).toBe(0);
  const got = readJson<Summary>(join(killed, 'summary.json'));
  expect(got.status).toBe('done');
  expect(science(got)).toEqual(science(readJson<Summary>(join(whole, 'summary.json'))));
  // The same molecules, labels and order of acquisition.
  expect(acquisitions(killed)).toEqual(acquisitions(whole));
}
