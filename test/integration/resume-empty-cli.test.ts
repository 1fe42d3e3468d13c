/**
 * `--resume` over a state folder without a campaign starts one (a requeued cluster job runs the same command
 * whether or not its first try got as far as a checkpoint); once it is there, a plain run is still refused.
 * `status --json` and `log` then describe it, through the real process.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/command-context.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-resume-empty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'tiny.yaml');
writeFileSync(
  config,
  `name: tiny
dataset: { builtin: amide-library, subsample: 200 }
featurizer: { kind: morgan, radius: 2, bits: 512 }
model: { trees: 8, max_depth: 4 }
campaign: { initial: 10, batch: 10, generations: 1 }
workers: 1
`,
);

describe('--resume on an empty state folder', () => {
  it('starts the campaign; then a run without --resume is refused; status and log describe it', async () => {
    const stateDir = join(dir, 'runs', 'job-1');
    mkdirSync(stateDir, { recursive: true });
    const first = await runCli(['--config', config, '--state-dir', stateDir, '--resume']);
    expect(first.code, first.stderr).toBe(EXIT.done);
    expect(first.stdout).toMatch(/campaign 'tiny' .*nothing to resume yet, starting in/);
    expect(first.stdout).toMatch(/^done: 20 labeled in 2 rounds/m);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(true);

    const again = await runCli(['--config', config, '--state-dir', stateDir]);
    expect(again.code).toBe(EXIT.usage);
    expect(again.stderr).toMatch(/already holds a campaign/);

    const status = await runCli(['status', stateDir, '--json']);
    expect(status.code, status.stderr).toBe(EXIT.done);
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: 'tiny',
      status: 'done',
      generation: 1,
      labeled: 20,
      live: false,
      headline: { metric: 'topk_scores' },
    });
    const log = await runCli(['log', join(dir, 'runs')]);
    expect(log.code).toBe(EXIT.done);
    expect(log.stdout).toMatch(/done\s+1\s+20\s+topk_scores \d\.\d{3}\s+tiny\s+\S*job-1\n$/);
  }, 180_000);
});
