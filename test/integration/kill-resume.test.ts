/**
 * A campaign killed with SIGKILL at a random point (twice) and resumed ends with the same history as
 * an uninterrupted run with the same seed: the same acquisitions, labels and metrics.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/records/audit-log.js';
import { createRng } from '../../src/shared/rng.js';
import { readJson, type Summary } from '../helpers/campaign-history.js';
import { runCli } from '../helpers/cli.js';
import { expectResumedAsWhole, killWhenRound, runWhole } from '../helpers/kill-resume.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GENERATIONS = 4;
const config = join(dir, 'small.yaml');
writeFileSync(
  config,
  `name: kill-resume
seed: 7
dataset: { builtin: amide-library, subsample: 600 }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { trees: 24, max_depth: 6 }
acquisition: { strategy: ucb, beta: 1 }
campaign: { initial: 0.05, batch: 0.05, generations: ${GENERATIONS}, test_fraction: 0.1 }
`,
);

describe('kill and resume', () => {
  it('SIGKILL twice at random points, then --resume: same history as an uninterrupted run', async () => {
    const whole = join(dir, 'whole');
    await runWhole(config, whole, GENERATIONS);

    // Two kill points drawn from a seeded stream: somewhere after round r has been checkpointed.
    const rng = createRng(20261123, 'kill-points');
    const first = 1 + rng.int(2);
    const second = first + 1 + rng.int(GENERATIONS - first - 1);
    const killed = join(dir, 'killed');
    await killWhenRound(killed, ['--config', config, '--state-dir', killed], first);
    await killWhenRound(killed, ['--config', config, '--state-dir', killed, '--resume'], second);
    expect(existsSync(join(killed, 'state.json'))).toBe(true);
    await expectResumedAsWhole(config, killed, whole);

    // Nothing is left marked running: every attempt the kills left open was closed as interrupted.
    const { events } = readAudit(join(killed, 'audit.jsonl'));
    const closed = new Set(
      events.flatMap((e) => (e.type === 'attempt-end' || e.type === 'attempt-closed' ? [e.id] : [])),
    );
    const open = events.filter((e) => e.type === 'attempt-start' && !closed.has(e.id));
    expect(open).toEqual([]);
    expect(events.filter((e) => e.type === 'run-start')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'run-end')).toHaveLength(1);
  });

  it('refuses to start over a campaign without --resume or --fresh, and --fresh keeps the old one', async () => {
    const stateDir = join(dir, 'whole');
    const again = await runCli(['--config', config, '--state-dir', stateDir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a campaign.*--resume.*--fresh/s);

    const done = await runCli(['--config', config, '--state-dir', stateDir, '--resume']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/already done/);

    const fresh = await runCli([
      '--config',
      config,
      '--state-dir',
      stateDir,
      '--fresh',
      '--set',
      'campaign.generations=0',
    ]);
    expect(fresh.code, fresh.stderr).toBe(0);
    const moved = /moved the previous campaign to (\S+)/.exec(fresh.stdout)?.[1];
    expect(moved).toBeDefined();
    expect(readJson<Summary>(join(moved as string, 'summary.json')).history).toHaveLength(GENERATIONS + 1);
    expect(readJson<Summary>(join(stateDir, 'summary.json')).history).toHaveLength(1);
  });

  it('refuses a corrupted checkpoint with exit code 2 and leaves it untouched', async () => {
    const stateDir = join(dir, 'corrupt');
    const first = await runCli([
      '--config',
      config,
      '--state-dir',
      stateDir,
      '--set',
      'campaign.generations=0',
      '--quiet',
    ]);
    expect(first.code, first.stderr).toBe(0);
    const path = join(stateDir, 'state.json');
    writeFileSync(path, '{"schemaVersion":1,"configHash":"');
    const res = await runCli([
      '--config',
      config,
      '--state-dir',
      stateDir,
      '--set',
      'campaign.generations=0',
      '--resume',
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/refusing checkpoint .*state\.json: it is not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{"schemaVersion":1,"configHash":"');
  });
});
