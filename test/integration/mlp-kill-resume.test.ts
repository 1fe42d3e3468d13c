/**
 * kill-resume.test.ts with the network: a campaign on an ensemble of networks, killed with SIGKILL at a
 * seeded random point and resumed, ends with the same history and acquisitions as an uninterrupted run
 * (members are trained one task each and keyed by content, so a re-run train stage trains them again
 * identically or reuses the stored network).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { createRng } from '../../src/shared/rng.js';
import { expectResumedAsWhole, killWhenRound, runWhole } from '../helpers/kill-resume.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-mlp-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GENERATIONS = 3;
const config = join(dir, 'mlp.yaml');
writeFileSync(
  config,
  `name: mlp-kill-resume
seed: 9
dataset: { builtin: amide-library, subsample: 300 }
featurizer: { kind: morgan, radius: 2, bits: 1024 }
model: { kind: mlp, hidden: [32], epochs: 20, ensemble: 2 }
acquisition: { strategy: ucb, beta: 1 }
campaign: { initial: 0.1, batch: 0.1, generations: ${GENERATIONS}, test_fraction: 0.1 }
`,
);

describe('kill and resume with the network', () => {
  it('SIGKILL at a random point, then --resume: same history as an uninterrupted run', async () => {
    const whole = join(dir, 'whole');
    await runWhole(config, whole, GENERATIONS);

    const rounds = 1 + createRng(20261201, 'mlp-kill-point').int(GENERATIONS - 1);
    const killed = join(dir, 'killed');
    await killWhenRound(killed, ['--config', config, '--state-dir', killed], rounds);
    await expectResumedAsWhole(config, killed, whole);
  });
});
