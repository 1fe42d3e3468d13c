/**
 * The machine keeps the latest evaluate's held-out predictions in the context (and so in the
 * checkpoint); a round that has none keeps the previous ones, and a context restored from a checkpoint
 * written before the field existed runs on, gaining it at its next evaluate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toActors } from '../../src/campaign/campaign-actors.js';
import { driveCampaign } from '../../src/campaign/drive-campaign.js';
import type { CampaignStages } from '../../src/campaign/stages/campaign-stages.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { campaignMachine, initialContext } from '../../src/machine/campaign-machine.js';
import type { CampaignContext, CampaignPlan } from '../../src/machine/campaign-types.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';
import { readCheckpoint } from '../../src/state/checkpoint.js';

const plan: CampaignPlan = { generations: 3, patience: 0, minDelta: 0, maxFailureRate: 1, headline: 'r2' };

/** Batches of 2; the first explore holds out molecules 90 and 91; evaluate predicts them in even generations. */
function stages(): CampaignStages {
  let next = 0;
  return {
    featurize: () => Promise.resolve({ invalid: [], seconds: 0 }),
    explore: (input) => {
      const acquired = [next++, next++];
      return Promise.resolve({
        generation: input.generation,
        acquired,
        labels: acquired.map((i) => i),
        oracleCalls: 2,
        oracleFailures: 0,
        ...(input.generation === 0 ? { test: [90, 91], testLabels: [9, null] } : {}),
        seconds: 0,
      });
    },
    train: (input) => Promise.resolve({ modelKey: `m${input.labeled.length}`, seconds: 0 }),
    evaluate: (input) =>
      Promise.resolve({
        metrics: { r2: input.generation / 10 },
        candidatesLeft: 50,
        seconds: 0,
        ...(input.generation % 2 === 0
          ? { heldOut: { generation: input.generation, mean: [input.generation, null], std: [0.5, null] } }
          : {}),
      }),
  };
}

describe('held-out predictions in the machine', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function drive(checkpointPath: string, snapshot?: unknown, events = createEventBus<CampaignEventMap>()) {
    return driveCampaign({
      machine: campaignMachine.provide({ actors: toActors(stages()) }),
      plan,
      ...(snapshot === undefined ? {} : { snapshot }),
      checkpointPath,
      configHash: 'cfg',
      clock: createFakeClock(0),
      events,
    });
  }

  it('keeps the latest ones, in the context and the checkpoint', async () => {
    expect(initialContext(plan).heldOut).toBeNull();
    dir = mkdtempSync(join(tmpdir(), 'alcove-held-out-machine-'));
    const path = join(dir, 'state.json');
    const result = await drive(path);
    expect(result.status).toBe('done');
    // Generation 3's evaluate had none: generation 2's are kept, and say whose they are.
    expect(result.context.history.map((r) => r.generation)).toEqual([0, 1, 2, 3]);
    expect(result.context.heldOut).toEqual({ generation: 2, mean: [2, null], std: [0.5, null] });
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { snapshot: { context: CampaignContext } };
    expect(saved.snapshot.context.heldOut).toEqual(result.context.heldOut);
  });

  it('resumes a checkpoint written before the field existed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-held-out-machine-'));
    const path = join(dir, 'state.json');
    // The checkpoint written when generation 1 started training, as an older version wrote it.
    let atGen1: string | null = null;
    const events = createEventBus<CampaignEventMap>();
    events.on('machine:transition', ({ to, context }) => {
      if (to === 'train' && context.generation === 1) atGen1 = readFileSync(path, 'utf8');
    });
    const full = await drive(path, undefined, events);
    expect(atGen1).not.toBeNull();
    const envelope = JSON.parse(atGen1 as unknown as string) as { snapshot: { context: Record<string, unknown> } };
    const { heldOut, ...older } = envelope.snapshot.context;
    expect(heldOut).toEqual({ generation: 0, mean: [0, null], std: [0.5, null] });
    writeFileSync(path, JSON.stringify({ ...envelope, snapshot: { ...envelope.snapshot, context: older } }));

    const env = readCheckpoint(path, 'cfg');
    expect('heldOut' in env.snapshot.context).toBe(false);
    const resumed = await drive(path, env.snapshot);
    expect(resumed.status).toBe('done');
    expect(resumed.context.history).toEqual(full.context.history);
    expect(resumed.context.heldOut).toEqual({ generation: 2, mean: [2, null], std: [0.5, null] });
  });
});
