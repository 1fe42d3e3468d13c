/**
 * The machine's own actors are placeholders: a stage whose actor the composition root forgot to
 * provide fails the campaign with an INTERNAL error naming that stage, instead of hanging.
 */
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { fakeActor } from './fake-actor.js';
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

const plan: CampaignPlan = { generations: 2, patience: 0, minDelta: 0, maxFailureRate: 0.5, headline: 'r2' };

const featurize = fakeActor<FeaturizeOutput, FeaturizeInput>(() => ({ invalid: [], seconds: 0 }));
const explore = fakeActor<ExploreOutput, ExploreInput>((input) => ({
  generation: input.generation,
  acquired: [input.labeled.length],
  labels: [1],
  oracleCalls: 1,
  oracleFailures: 0,
  seconds: 0,
}));
const train = fakeActor<TrainOutput, TrainInput>(() => ({ modelKey: 'm', seconds: 0 }));
const evaluate = fakeActor<EvaluateOutput, EvaluateInput>(() => ({
  metrics: { r2: 0.5 },
  candidatesLeft: 9,
  seconds: 0,
}));
const all = { featurize, explore, train, evaluate };

async function failedStage(missing: keyof typeof all) {
  const actors = { ...all };
  delete (actors as Partial<typeof all>)[missing];
  const actor = createActor(campaignMachine.provide({ actors }), { input: plan });
  actor.start();
  actor.send({ type: 'START' });
  // `failed` is not final (a resume retries the stage): wait for the state, not for the actor's end.
  const snapshot = await waitFor(actor, (s) => s.matches('failed'));
  actor.stop();
  return { value: snapshot.value, error: snapshot.context.error };
}

describe('a stage without a provided actor', () => {
  it.each(['featurize', 'explore', 'train', 'evaluate'] as const)('%s fails the campaign naming it', async (stage) => {
    const { value, error } = await failedStage(stage);
    expect(value).toBe('failed');
    expect(error).toMatchObject({ code: 'INTERNAL', stage });
    expect(error?.message).toContain(`no ${stage} actor`);
  });
});
