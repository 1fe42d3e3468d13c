import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeActor } from './fake-actor.js';
import { createActor } from 'xstate';
import { campaignMachine } from '../../src/machine/campaign-machine.js';
import type {
  CampaignPlan,
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  TrainInput,
  TrainOutput,
} from '../../src/machine/campaign-types.js';
import { readCheckpoint, writeCheckpoint } from '../../src/state/checkpoint.js';
import { driveCampaign } from '../../src/campaign/drive-campaign.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';

const plan: CampaignPlan = { generations: 5, patience: 0, minDelta: 0, maxFailureRate: 0.5, headline: 'topk_scores' };

const fake = fakeActor;

function counting() {
  const calls = { featurize: 0, explore: [] as number[], train: [] as number[], evaluate: [] as number[] };
  const actors = {
    featurize: fake((_: FeaturizeInput): FeaturizeOutput => {
      calls.featurize += 1;
      return { invalid: [], seconds: 0 };
    }),
    explore: fake((input: ExploreInput): ExploreOutput => {
      calls.explore.push(input.generation);
      const base = input.labeled.length;
      return {
        generation: input.generation,
        acquired: [base, base + 1],
        labels: [base, base + 1],
        oracleCalls: 2,
        oracleFailures: 0,
        seconds: 0,
      };
    }),
    train: fake((input: TrainInput): TrainOutput => {
      calls.train.push(input.generation);
      return { modelKey: `m${input.generation}`, seconds: 0 };
    }),
    evaluate: fake((input: EvaluateInput): EvaluateOutput => {
      calls.evaluate.push(input.generation);
      return { metrics: { topk_scores: input.labeled.length / 100 }, candidatesLeft: 100, seconds: 0 };
    }),
  };
  return { calls, machine: campaignMachine.provide({ actors }) };
}

describe('resume from a checkpoint', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('continues at generation 3 without redoing generations 0-2', async () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-resume-'));
    const checkpointPath = join(dir, 'state.json');
    // Run a full campaign once, keeping the checkpoint written when generation 3 started training.
    const full = counting();
    let atGen3: string | null = null;
    const events = createEventBus<CampaignEventMap>();
    events.on('machine:transition', ({ to, context }) => {
      if (to === 'train' && context.generation === 3) atGen3 = readFileSync(checkpointPath, 'utf8');
    });
    await driveCampaign({
      machine: full.machine,
      plan,
      checkpointPath,
      configHash: 'h',
      clock: createFakeClock(),
      events,
    });
    expect(atGen3).not.toBeNull();
    writeFileSync(checkpointPath, atGen3 as unknown as string);

    const resumed = counting();
    const env = readCheckpoint(checkpointPath, 'h');
    expect(env.snapshot.value).toBe('train');
    const result = await driveCampaign({
      machine: resumed.machine,
      plan,
      snapshot: env.snapshot,
      checkpointPath,
      configHash: 'h',
      clock: createFakeClock(),
      events: createEventBus<CampaignEventMap>(),
    });
    expect(result.status).toBe('done');
    expect(resumed.calls.train).toEqual([3, 4, 5]);
    expect(resumed.calls.explore).toEqual([4, 5]);
    expect(resumed.calls.evaluate).toEqual([3, 4, 5]);
    expect(result.context.history.map((r) => r.generation)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.context.labeled.length).toBe(12);
  });

  it('refuses a corrupted checkpoint and leaves the file as it was', () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-resume-'));
    const path = join(dir, 'state.json');
    writeFileSync(path, '{"schemaVersion":1,"configHash":"h","snapshot":{"status":"act');
    expect(() => readCheckpoint(path, 'h')).toThrow(/refusing checkpoint .*not valid JSON/);
    expect(readFileSync(path, 'utf8')).toContain('"act');

    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    expect(() => readCheckpoint(path, 'h')).toThrow(/does not look like an Alcove checkpoint/);
    writeFileSync(path, JSON.stringify({ schemaVersion: 99, configHash: 'h', savedAt: '', snapshot: {} }));
    expect(() => readCheckpoint(path, 'h')).toThrow(/schema version 99/);
  });

  it('refuses a checkpoint written for another configuration', () => {
    dir = mkdtempSync(join(tmpdir(), 'alcove-resume-'));
    const path = join(dir, 'state.json');
    const actor = createActor(counting().machine, { input: plan });
    actor.start();
    writeCheckpoint(path, 'aaaa', actor.getPersistedSnapshot(), new Date(0));
    actor.stop();
    expect(readCheckpoint(path, 'aaaa').snapshot.value).toBe('idle');
    expect(() => readCheckpoint(path, 'bbbb')).toThrow(/different configuration/);
  });
});
