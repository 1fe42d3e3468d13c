/**
 * The `waiting` state: an explore whose oracle is a laboratory that has not answered applies nothing
 * of the batch, records what it waits on, survives a checkpoint, and RETRY runs the explore again.
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

const plan: CampaignPlan = { generations: 1, patience: 0, minDelta: 0, maxFailureRate: 0.5, headline: 'r2' };

function actorsAnswering(lab: { answered: boolean }) {
  return {
    featurize: fakeActor<FeaturizeOutput, FeaturizeInput>(() => ({ invalid: [], seconds: 0 })),
    explore: fakeActor<ExploreOutput, ExploreInput>((input) => {
      const base = { generation: input.generation, acquired: [input.labeled.length, input.labeled.length + 1] };
      if (!lab.answered) {
        const waiting = { file: `batches/generation-${input.generation}.csv`, pending: 2, batch: 2 };
        return { ...base, labels: [], oracleCalls: 0, oracleFailures: 0, seconds: 0, waiting };
      }
      return { ...base, labels: [1, 2], oracleCalls: 2, oracleFailures: 0, seconds: 0 };
    }),
    train: fakeActor<TrainOutput, TrainInput>(() => ({ modelKey: 'm', seconds: 0 })),
    evaluate: fakeActor<EvaluateOutput, EvaluateInput>(() => ({ metrics: { r2: 0.5 }, candidatesLeft: 9, seconds: 0 })),
  };
}

describe('the waiting state', () => {
  it('waits without applying the batch, restores from its snapshot, and goes on when RETRY finds the results', async () => {
    const lab = { answered: false };
    const machine = campaignMachine.provide({ actors: actorsAnswering(lab) });
    const first = createActor(machine, { input: plan });
    first.start();
    first.send({ type: 'START' });
    const waiting = await waitFor(first, (s) => s.matches('waiting'));
    expect(waiting.context.labeled).toEqual([]);
    expect(waiting.context.oracleCalls).toBe(0);
    expect(waiting.context.waiting).toEqual({ generation: 0, file: 'batches/generation-0.csv', pending: 2, batch: 2 });
    const persisted = first.getPersistedSnapshot();
    first.stop();

    lab.answered = true;
    const resumed = createActor(machine, { input: plan, snapshot: persisted });
    resumed.start();
    expect(resumed.getSnapshot().value).toBe('waiting');
    resumed.send({ type: 'RETRY' });
    const done = await waitFor(resumed, (s) => s.matches('done'));
    resumed.stop();
    expect(done.context.waiting).toBeNull();
    expect(done.context.labeled).toEqual([0, 1, 2, 3]);
    expect(done.context.history).toHaveLength(2);
  });
});
