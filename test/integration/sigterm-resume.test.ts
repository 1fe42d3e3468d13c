/**
 * SIGTERM during each stage stops the campaign gracefully (exit 143, checkpoint kept, summary says
 * interrupted); `--resume` then finishes with the same history as an uninterrupted run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';

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

interface Summary {
  status: string;
  history: { generation: number; labeled: number; metrics: unknown }[];
}
const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
const science = (s: Summary) => s.history.map(({ generation, labeled, metrics }) => ({ generation, labeled, metrics }));

function stateValue(stateDir: string): string | null {
  try {
    return readJson<{ snapshot: { value: string } }>(join(stateDir, 'state.json')).snapshot.value;
  } catch {
    return null;
  }
}

let expected: Summary;
beforeAll(async () => {
  const whole = await runCli(['--config', config, '--state-dir', join(dir, 'whole'), '--quiet']);
  expect(whole.code, whole.stderr).toBe(0);
  expected = readJson<Summary>(join(dir, 'whole', 'summary.json'));
});

describe('SIGTERM during a stage, then --resume', () => {
  for (const stage of ['featurize', 'train', 'evaluate', 'explore'] as const) {
    it(`during ${stage}`, async () => {
      const stateDir = join(dir, stage);
      const run = startCli(['--config', config, '--state-dir', stateDir]);
      let sentIn: string | null = null;
      const poll = setInterval(() => {
        const value = stateValue(stateDir);
        // featurize: the first one, which does the real work (later ones are cache hits, over in
        // microseconds); the other stages from generation 1 on, so every stage has been through once.
        if (sentIn !== null || value !== stage) return;
        const rounds = readJson<{ snapshot: { context: { history: unknown[] } } }>(join(stateDir, 'state.json'))
          .snapshot.context.history.length;
        if (stage === 'featurize' || rounds >= 1) {
          sentIn = value;
          run.child.kill('SIGTERM');
        }
      }, 2);
      const res = await run.done;
      clearInterval(poll);
      expect(sentIn, `never saw the ${stage} state: ${res.stdout}`).toBe(stage);
      expect(res.code, res.stderr).toBe(143);
      expect(res.stderr).toMatch(/SIGTERM received/);
      expect(res.stderr).toMatch(/npm start -- --resume/);
      expect(readJson<Summary>(join(stateDir, 'summary.json')).status).toBe('interrupted');
      // The checkpoint is where the signal landed: this stage, or the next one when this stage (a fast
      // one) finished while the signal was on its way. Never past the end.
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
