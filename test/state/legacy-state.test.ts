/**
 * A state folder written by an earlier Alcove (test/fixtures/legacy-state: a campaign SIGKILLed after
 * its second round, checkpoint and model artifacts as that version wrote them) resumes with this code
 * and ends with the history the earlier version reached uninterrupted. A checkpoint of another schema
 * version is refused with a message naming both versions.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CampaignContext } from '../../src/machine/campaign-types.js';
import { CHECKPOINT_SCHEMA_VERSION } from '../../src/state/checkpoint.js';
import { runCli } from '../helpers/cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/legacy-state', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alcove-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Checkpoint {
  snapshot: { context: CampaignContext };
}

interface History {
  history: { generation: number; labeled: number; metrics: Record<string, number | null> }[];
}

function copyFixture(name: string): string {
  const stateDir = join(dir, name);
  cpSync(join(FIXTURE, 'state.json'), join(stateDir, 'state.json'));
  cpSync(join(FIXTURE, 'artifacts'), join(stateDir, 'artifacts'), { recursive: true });
  return stateDir;
}

describe('a state folder of the previous version', () => {
  it('resumes to the history the previous version reached', async () => {
    const stateDir = copyFixture('resumed');
    const config = join(FIXTURE, 'campaign.yaml');
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--resume', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected-history.json'), 'utf8')) as History;
    const got = JSON.parse(readFileSync(join(stateDir, 'summary.json'), 'utf8')) as History & { status: string };
    expect(got.status).toBe('done');
    const science = (h: History) => h.history.map(({ generation, labeled, metrics }) => ({ generation, labeled, metrics }));
    // The earlier version's metrics exactly; rounds run by this version add the prospective ones.
    expect(science(got)).toMatchObject(science(expected));
    const resumed = got.history.filter((r) => r.generation >= 2);
    expect(resumed.every((r) => typeof r.metrics.explored_topk_mean === 'number')).toBe(true);
    expect(resumed.every((r) => typeof r.metrics.batch_rmse === 'number')).toBe(true);
    // The checkpoint had no held-out predictions: the rounds run by this version keep them, and the page draws them.
    const before = JSON.parse(readFileSync(join(FIXTURE, 'state.json'), 'utf8')) as Checkpoint;
    expect('heldOut' in before.snapshot.context).toBe(false);
    const { context } = (JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as Checkpoint).snapshot;
    const last = got.history[got.history.length - 1]?.generation;
    expect(context.heldOut?.generation).toBe(last);
    expect(context.heldOut?.mean).toHaveLength(context.test.length);
    expect(context.heldOut?.mean.filter((v) => typeof v === 'number').length).toBeGreaterThan(0);
    expect(readFileSync(join(stateDir, 'status.html'), 'utf8')).toContain('id="plot-held-out-parity"');
  });

  it('refuses a checkpoint of another schema version, naming both versions', async () => {
    const stateDir = copyFixture('future');
    const path = join(stateDir, 'state.json');
    const envelope = JSON.parse(readFileSync(path, 'utf8')) as { schemaVersion: number };
    const future = CHECKPOINT_SCHEMA_VERSION + 1;
    writeFileSync(path, JSON.stringify({ ...envelope, schemaVersion: future }));
    const config = join(FIXTURE, 'campaign.yaml');
    const res = await runCli(['--config', config, '--state-dir', stateDir, '--resume', '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`schema version ${future}`);
    expect(res.stderr).toContain(`version ${CHECKPOINT_SCHEMA_VERSION}`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ schemaVersion: future });
  });
});
