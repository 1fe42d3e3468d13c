/**
 * SIGTERM during each stage stops the campaign gracefully (exit 143, checkpoint kept, summary says
 * interrupted); `--resume` then finishes with the same history as an uninterrupted run.
 *
 * Gate-based: the child holds the checkpoint write that enters the stage (test/fixtures/
 * write-faults-preload.ts) until the test has sent the signal, so the signal always lands in that
 * stage or after it, never before, however slow the machine (coverage, load).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, science, type Summary } from '../helpers/campaign-history.js';
import { runCli, startCli, type CliRun } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-sigterm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = join(dir, 'small.yaml');
writeFileSync(
  config,
  `seed: 5
dataset: { builtin: amide-library, subsample: 800 }
featurizer: { kind: morgan, radius: 2, bits: 2048 }
model: { trees: 60, max_depth: 8 }
acquisition: { strategy: ucb }
campaign: { initial: 60, batch: 40, generations: 4, test_fraction: 0.1 }
`,
);

function stateValue(stateDir: string): string | null {
  try {
    return readJson<{ snapshot: { value: string } }>(join(stateDir, 'state.json')).snapshot.value;
  } catch {
    return null;
  }
}

/** Resolves true once the child holds its gated write (`<gate>/held`), false if it exits first. */
function held(gate: string, run: CliRun): Promise<boolean> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!existsSync(join(gate, 'held'))) return;
      clearInterval(poll);
      resolve(true);
    }, 5);
    void run.done.then(() => {
      clearInterval(poll);
      resolve(existsSync(join(gate, 'held')));
    });
  });
}

let expected: Summary;
beforeAll(async () => {
  const whole = await runCli(['--config', config, '--state-dir', join(dir, 'whole'), '--quiet']);
  expect(whole.code, whole.stderr).toBe(0);
  expected = readJson<Summary>(join(dir, 'whole', 'summary.json'));
});

/**
 * The checkpoint each stage's entry is written over. featurize: the first one, which does the real work
 * (later ones are cache hits); the other stages from generation 1 on, so every stage has been through once.
 */
const ENTERED_FROM = {
  featurize: { from: null, rounds: 0 },
  train: { from: 'featurize', rounds: 1 },
  evaluate: { from: 'train', rounds: 1 },
  explore: { from: 'evaluate', rounds: 1 },
} as const;

describe('SIGTERM during a stage, then --resume', () => {
  for (const stage of ['featurize', 'train', 'evaluate', 'explore'] as const) {
    it(`during ${stage}`, async () => {
      const stateDir = join(dir, stage);
      const gate = join(dir, `gate-${stage}`);
      mkdirSync(gate);
      const run = startCli(['--config', config, '--state-dir', stateDir], {
        gate: { ...ENTERED_FROM[stage], dir: gate },
      });
      expect(await held(gate, run), 'the child never reached the gate').toBe(true);
      run.child.kill('SIGTERM');
      writeFileSync(join(gate, 'release'), '');
      const res = await run.done;
      expect(res.code, res.stderr).toBe(143);
      expect(res.stderr).toMatch(/SIGTERM received/);
      expect(res.stderr).toMatch(/npm start -- --resume/);
      expect(readJson<Summary>(join(stateDir, 'summary.json')).status).toBe('interrupted');
      // The checkpoint is where the signal landed: this stage, or the next one when this stage (a fast
      // one) finished while the signal was on its way. Never before it, never past the end.
      const NEXT: Record<string, string[]> = {
        featurize: ['explore', 'train'],
        train: ['evaluate'],
        evaluate: ['explore'],
        explore: ['featurize'],
      };
      expect([stage, ...(NEXT[stage] ?? [])]).toContain(stateValue(stateDir));

      const resumed = await runCli(['--config', config, '--state-dir', stateDir, '--resume', '--quiet']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const got = readJson<Summary>(join(stateDir, 'summary.json'));
      expect(got.status).toBe('done');
      expect(science(got)).toEqual(science(expected));
    });
  }
});
