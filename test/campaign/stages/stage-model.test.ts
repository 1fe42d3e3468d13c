import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/campaign/stages/evaluate.js';
import { explore } from '../../../src/campaign/stages/explore.js';
import { trainSeed } from '../../../src/campaign/stages/train.js';
import type { EvaluateInput, ExploreInput } from '../../../src/machine/campaign-types.js';
import { configFrom, fakeSurrogate, harness, signal } from './fakes.js';

const SEED = configFrom().seed;

/** The key the fake surrogate gives the model of `labeled` (labels index x 10) trained in `generation`. */
const keyOf = (labeled: number[], labels: number[], generation: number) =>
  JSON.stringify({ features: 'features-key', rows: labeled, y: labels, seed: trainSeed(SEED, generation) });

/** A harness whose notices are kept, and whose model store is empty (the artifact was lost on resume). */
function withNotices() {
  const h = harness({ molecules: 10, surrogate: fakeSurrogate((row) => row) });
  const notices: string[] = [];
  const emit = h.deps.events.emit;
  const deps = {
    ...h.deps,
    events: {
      emit: ((name, payload) => {
        if (name === 'notice') notices.push((payload as { message: string }).message);
        emit(name, payload);
      }) as typeof emit,
    },
  };
  return { ...h, deps, notices };
}

describe('a stage whose model is not in the store (damaged or missing after a resume)', () => {
  it("evaluate trains it again from the checkpoint's labeled set, with the train stage's seed", async () => {
    const h = withNotices();
    const input: EvaluateInput = {
      generation: 2,
      modelKey: keyOf([7, 3], [70, 30], 2),
      labeled: [7, 0, 3],
      labels: [70, null, 30],
      invalid: [],
      test: [5, 8],
      testLabels: [5, 8],
    };
    const out = await evaluate(h.deps, input, signal());
    expect(h.surrogate.trained.map((t) => [t.set.rows, t.set.y, t.set.seed])).toEqual([
      [[7, 3], [70, 30], trainSeed(SEED, 2)],
    ]);
    expect(h.models.has(input.modelKey)).toBe(true);
    expect(out.metrics.rmse).toBe(0);
    expect(h.notices).toEqual([
      `warning: the model of generation 2 ((memory)/${input.modelKey}) is missing or damaged; ` +
        "training it again from the checkpoint's labeled set",
    ]);
  });

  it('explore trains the model of the generation before its batch', async () => {
    const h = withNotices();
    const input: ExploreInput = {
      generation: 3,
      modelKey: keyOf([1, 2], [10, 20], 2),
      labeled: [1, 2],
      labels: [10, 20],
      invalid: [],
      test: [],
    };
    const out = await explore(h.deps, input, signal());
    expect(h.surrogate.trained.map((t) => t.set.seed)).toEqual([trainSeed(SEED, 2)]);
    expect(out.acquired.length).toBeGreaterThan(0);
    expect(h.notices).toHaveLength(1);
  });

  it('refuses (BAD_CHECKPOINT) when the labeled set gives another model than the checkpoint names', async () => {
    const h = withNotices();
    const input: EvaluateInput = {
      generation: 1,
      modelKey: 'a-model-of-another-config',
      labeled: [7],
      labels: [70],
      invalid: [],
      test: [5],
      testLabels: [5],
    };
    await expect(evaluate(h.deps, input, signal())).rejects.toMatchObject({
      code: 'BAD_CHECKPOINT',
      message: expect.stringMatching(/cannot be trained again; start over with --fresh/) as string,
    });
    expect(h.surrogate.trained).toEqual([]);
  });
});
