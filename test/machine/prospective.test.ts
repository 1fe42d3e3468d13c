/**
 * The machine's side of prospective campaigns: the predictions each batch was chosen on land in the context
 * aligned with the labels (padded for a context that has none), the calls left go to explore, the call
 * budget and MolPAL's convergence rule stop the campaign, and imported labels are counted apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toActors } from '../../src/campaign/campaign-actors.js';
import { driveCampaign } from '../../src/campaign/drive-campaign.js';
import type { CampaignStages } from '../../src/campaign/stages/campaign-stages.js';
import type { CampaignEventMap } from '../../src/events/campaign-events.js';
import { alignedToLabeled } from '../../src/machine/campaign-decisions.js';
import { campaignMachine, initialContext } from '../../src/machine/campaign-machine.js';
import type { CampaignPlan, EvaluateInput, ExploreInput, ExploreOutput } from '../../src/machine/campaign-types.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createEventBus } from '../../src/shared/event-bus.js';

const base: CampaignPlan = {
  generations: 10,
  patience: 0,
  minDelta: 0,
  maxFailureRate: 1,
  headline: 'explored_topk_mean',
};

/** Batches of 2 new molecules; generation 0 is "imported" (no calls), later ones predicted at 100 + index. */
function stages(metric: (input: EvaluateInput) => number) {
  const explores: ExploreInput[] = [];
  const evaluates: EvaluateInput[] = [];
  let next = 0;
  const s: CampaignStages = {
    featurize: () => Promise.resolve({ invalid: [], seconds: 0 }),
    explore: (input) => {
      explores.push(input);
      const size = Math.min(2, input.callsLeft ?? 2);
      const acquired = Array.from({ length: input.generation === 0 ? 2 : size }, () => next++);
      const out: ExploreOutput = {
        generation: input.generation,
        acquired,
        labels: acquired.map((i) => i),
        oracleCalls: input.generation === 0 ? 0 : acquired.length,
        oracleFailures: 0,
        ...(input.generation === 0
          ? { imported: acquired.length }
          : { predicted: acquired.map((i) => 100 + i), predictedStd: acquired.map(() => 1) }),
        seconds: 0,
      };
      return Promise.resolve(out);
    },
    train: (input) => Promise.resolve({ modelKey: `m${input.labeled.length}`, seconds: 0 }),
    evaluate: (input) => {
      evaluates.push(input);
      return Promise.resolve({ metrics: { explored_topk_mean: metric(input) }, candidatesLeft: 100, seconds: 0 });
    },
  };
  return { explores, evaluates, stages: s };
}

describe('a prospective campaign in the machine', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function drive(s: CampaignStages, plan: CampaignPlan) {
    dir = mkdtempSync(join(tmpdir(), 'alcove-prospective-machine-'));
    return driveCampaign({
      machine: campaignMachine.provide({ actors: toActors(s) }),
      plan,
      checkpointPath: join(dir, 'state.json'),
      configHash: 'cfg',
      clock: createFakeClock(0),
      events: createEventBus<CampaignEventMap>(),
    });
  }

  it('keeps predictions aligned with the labels and stops when the call budget is spent', async () => {
    const t = stages(() => 1);
    const result = await drive(t.stages, { ...base, callBudget: 5 });
    expect(result.status).toBe('done');
    expect(result.context.stopReason).toBe('budget');
    // Imported 0, 1 (no calls); then 2 + 2 + 1 calls.
    expect(t.explores.map((e) => e.callsLeft)).toEqual([5, 5, 3, 1]);
    expect(result.context.oracleCalls).toBe(5);
    expect(result.context.imported).toBe(2);
    expect(result.context.predicted).toEqual([null, null, 102, 103, 104, 105, 106]);
    expect(result.context.predictedStd).toEqual([null, null, 1, 1, 1, 1, 1]);
    expect(t.evaluates[1]?.predicted).toEqual([null, null, 102, 103]);
    expect(t.evaluates[1]?.acquiredIn).toEqual([0, 0, 1, 1]);
  });

  it("stops by MolPAL's rule, on explored_topk_mean oriented by the objective", async () => {
    // Minimizing: -5, -8, -9, -9.05, -9.06 ... improves by 0.6% over the last two rounds at generation 4.
    const series = [-5, -8, -9, -9.05, -9.06, -9.07, -9.08];
    const t = stages((input) => series[input.generation] ?? 0);
    const plan = { ...base, objective: 'minimize' as const, convergence: { window: 2, delta: 0.01 } };
    const result = await drive(t.stages, plan);
    expect(result.context.stopReason).toBe('converged');
    expect(result.context.history.map((r) => r.generation)).toEqual([0, 1, 2, 3, 4]);
    // Read as maximizing, the same series would be getting worse: converged at once (window 2).
    const up = await drive(stages((input) => series[input.generation] ?? 0).stages, {
      ...base,
      convergence: { window: 2, delta: 0.01 },
    });
    expect(up.context.history.map((r) => r.generation)).toEqual([0, 1, 2]);
  });

  it('pads the predictions of a context written before they were kept', () => {
    const ctx = { ...initialContext(base), labeled: [4, 5, 6], predicted: undefined };
    expect(alignedToLabeled(ctx, ctx.predicted)).toEqual([null, null, null]);
    expect(alignedToLabeled(ctx, [1])).toEqual([1, null, null]);
  });
});
