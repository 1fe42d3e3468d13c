/**
 * A campaign that cannot acquire ends instead of looping: an explore that acquires nothing fails the
 * campaign before any label (NOTHING_TO_ACQUIRE) or ends it as done (pool exhausted), and stages that
 * answer at once still leave the event loop room for a signal between transitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toActors } from '../../src/campaign/campaign-actors.js';
import { driveCampaign } from '../../src/campaign/drive-campaign.js';
import type { CampaignStages } from '../../src/campaign/stages/campaign-stages.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { campaignMachine } from '../../src/machine/campaign-machine.js';
import type { CampaignPlan, ExploreInput, ExploreOutput } from '../../src/machine/campaign-types.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { createEventBus } from '../../src/shared/event-bus.js';

const plan: CampaignPlan = { generations: 1000, patience: 0, minDelta: 0, maxFailureRate: 1, headline: 'r2' };
/** More calls than any of these campaigns needs: past it, a looping machine fails the test, not hangs it. */
const RUNAWAY = 200;

function batch(input: ExploreInput, acquired: number[]): ExploreOutput {
  const labels = acquired.map((i) => i);
  return {
    generation: input.generation,
    acquired,
    labels,
    oracleCalls: acquired.length,
    oracleFailures: 0,
    seconds: 0,
  };
}

/** Instant stages; `pick` chooses each generation's batch. Counts the featurize calls. */
function stages(pick: (input: ExploreInput) => number[]) {
  const calls = { featurize: 0, explore: 0 };
  const guard = (n: number) => {
    if (n > RUNAWAY) throw new AlcoveError('INTERNAL', 'runaway: the machine loops');
  };
  const s: CampaignStages = {
    featurize: () => {
      guard(++calls.featurize);
      return Promise.resolve({ invalid: [], seconds: 0 });
    },
    explore: (input) => {
      guard(++calls.explore);
      return Promise.resolve(batch(input, pick(input)));
    },
    train: (input) => Promise.resolve({ modelKey: `m${input.labeled.length}`, seconds: 0 }),
    evaluate: () => Promise.resolve({ metrics: { r2: 0.5 }, candidatesLeft: 10, seconds: 0 }),
  };
  return { calls, stages: s };
}

describe('a campaign that cannot acquire', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function drive(s: CampaignStages, signal?: AbortSignal) {
    dir = mkdtempSync(join(tmpdir(), 'alcove-no-progress-'));
    return driveCampaign({
      machine: campaignMachine.provide({ actors: toActors(s) }),
      plan,
      checkpointPath: join(dir, 'state.json'),
      configHash: 'cfg',
      clock: createFakeClock(0),
      events: createEventBus<CampaignEventMap>(),
      ...(signal ? { signal } : {}),
    });
  }

  it('fails with NOTHING_TO_ACQUIRE when the first batch is empty, instead of looping', async () => {
    const { calls, stages: s } = stages(() => []);
    const result = await drive(s);
    expect(result.status).toBe('failed');
    expect(result.context.error).toMatchObject({ code: 'NOTHING_TO_ACQUIRE', stage: 'explore' });
    expect(calls).toEqual({ featurize: 1, explore: 1 });
  });

  it('ends as done (pool exhausted) when a later round acquires nothing', async () => {
    const { calls, stages: s } = stages((input) => (input.generation < 2 ? [input.generation] : []));
    const result = await drive(s);
    expect(result.status).toBe('done');
    expect(result.context.stopReason).toBe('pool-exhausted');
    expect(result.context.labeled).toEqual([0, 1]);
    expect(calls.explore).toBe(3);
  });

  it('is interrupted by a signal between transitions, even when every stage answers at once', async () => {
    const { stages: s } = stages((input) => [input.generation]);
    const controller = new AbortController();
    // A macrotask: it runs only if the driver lets the event loop turn between transitions.
    setImmediate(() => controller.abort());
    const result = await drive(s, controller.signal);
    expect(result.status).toBe('interrupted');
  });
});
