import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { toActors } from '../../../src/campaign/campaign-actors.js';
import { createCampaignStages } from '../../../src/campaign/stages/campaign-stages.js';
import { explore } from '../../../src/campaign/stages/explore.js';
import { firstBatch } from '../../../src/campaign/stages/first-batch.js';
import { heldOutSplit } from '../../../src/campaign/stages/held-out-split.js';
import { campaignMachine } from '../../../src/machine/campaign-machine.js';
import type { ExploreInput } from '../../../src/machine/campaign-types.js';
import { isAlcoveError } from '../../../src/shared/errors.js';
import { configFrom, fakeSurrogate, harness, signal } from './fakes.js';

const gen0 = (invalid: number[] = []): ExploreInput => ({
  generation: 0,
  labeled: [],
  labels: [],
  invalid,
  test: [],
  modelKey: null,
});

describe('held-out split and first batch', () => {
  const valid = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19];

  it('holds out test_fraction of the valid molecules, in index order, the same for the same seed', () => {
    const config = configFrom('seed: 7\ncampaign: { test_fraction: 0.25 }');
    const test = heldOutSplit(config, valid);
    expect(test).toHaveLength(Math.round(0.25 * valid.length));
    expect(test).toEqual([...test].sort((a, b) => a - b));
    expect(test.every((i) => valid.includes(i))).toBe(true);
    expect(heldOutSplit(config, valid)).toEqual(test);
    // The draw of the version before the stages had files of their own (results must stay bit-identical).
    expect(test).toEqual([7, 12, 13, 14, 15]);
    expect(heldOutSplit(configFrom('seed: 8\ncampaign: { test_fraction: 0.25 }'), valid)).not.toEqual(test);
    expect(heldOutSplit(configFrom('campaign: { test_fraction: 0 }'), valid)).toEqual([]);
  });

  it('draws a random first batch of `initial` from the valid molecules not held out', () => {
    const config = configFrom('seed: 7\ncampaign: { initial: 6 }');
    const picks = firstBatch(config, valid, [0, 1, 2, 4, 5]);
    expect(picks).toHaveLength(6);
    expect(new Set(picks).size).toBe(6);
    expect(picks.every((i) => valid.includes(i) && i > 5)).toBe(true);
    expect(firstBatch(config, valid, [0, 1, 2, 4, 5])).toEqual(picks);
    expect(picks).toEqual([17, 10, 18, 8, 12, 16]); // as drawn before the refactor
    // A fraction is of the valid pool (18, not the 10 left of it after the held-out set), rounded up.
    expect(firstBatch(configFrom('campaign: { initial: 0.25 }'), valid, valid.slice(0, 8))).toHaveLength(5);
  });

  it('takes the named molecules instead, less invalid and held-out ones, in their order', () => {
    const picks = firstBatch(configFrom(), valid, [5, 6], [19, 3, 6, 0, 11, 2]);
    expect(picks).toEqual([19, 0, 2]);
  });
});

describe('explore stage, generation 0', () => {
  const config = configFrom('seed: 7\ncampaign: { test_fraction: 0.25, initial: 4 }');

  it('labels the held-out set and the first batch in one oracle call, both from the valid molecules', async () => {
    const h = harness({ config, invalid: [3, 11] });
    const s = signal();
    const out = await explore(h.deps, gen0([3, 11]), s);
    const test = out.test ?? [];
    expect(test).toHaveLength(5); // round(0.25 * 18)
    expect(test).toEqual([...test].sort((a, b) => a - b));
    expect(out.acquired).toHaveLength(4);
    const all = [...test, ...out.acquired];
    expect(new Set(all).size).toBe(all.length);
    expect(all.some((i) => i === 3 || i === 11)).toBe(false);
    expect(h.oracle.calls).toEqual([[...test, ...out.acquired]]);
    expect(out.testLabels).toEqual(test.map((i) => i * 10));
    expect(out.labels).toEqual(out.acquired.map((i) => i * 10));
    expect(out.oracleCalls).toBe(9);
    expect(out.oracleFailures).toBe(0);
    expect(out.generation).toBe(0);
    expect(h.executor.opened).toEqual([{ generation: 0, signal: s }]);
    // No model at generation 0.
    expect(h.surrogate.predicted).toEqual([]);
    expect(h.models.gets).toEqual([]);
  });

  it('draws the same split and batch for the same seed, and others for another seed', async () => {
    const a = await explore(harness({ config }).deps, gen0(), signal());
    const b = await explore(harness({ config }).deps, gen0(), signal());
    const c = await explore(
      harness({ config: configFrom('seed: 8\ncampaign: { test_fraction: 0.25, initial: 4 }') }).deps,
      gen0(),
      signal(),
    );
    expect(b).toEqual(a);
    expect([c.test, c.acquired]).not.toEqual([a.test, a.acquired]);
  });

  it('starts from the `initial` molecules when the config names them', async () => {
    const h = harness({ config: configFrom('campaign: { initial: 4 }'), invalid: [2], initial: [9, 2, 4, 17] });
    const out = await explore(h.deps, gen0([2]), signal());
    expect(out.acquired).toEqual([9, 4, 17]);
    expect(out.test).toBeUndefined();
    expect(out.testLabels).toBeUndefined();
    expect(h.oracle.calls).toEqual([[9, 4, 17]]);
    expect(out.oracleCalls).toBe(3);
  });

  it('counts failed oracle calls of the held-out set and of the batch', async () => {
    const probe = await explore(harness({ config }).deps, gen0(), signal());
    const failing = [probe.test?.[0] ?? -1, probe.acquired[1] ?? -1];
    const h = harness({ config, failing });
    const out = await explore(h.deps, gen0(), signal());
    expect(out.oracleFailures).toBe(2);
    expect(out.testLabels?.[0]).toBeNull();
    expect(out.labels.filter((l) => l === null)).toHaveLength(1);
    expect(out.labels[1]).toBeNull();
    expect(h.stageEvents[0]?.detail).toMatchObject({ acquired: 4, oracle_failures: 1 });
  });
});

/** Pool of 10: 9 invalid, 8 held out, 0 and 7 labeled; the model predicts the row index. */
const later: ExploreInput = {
  generation: 3,
  labeled: [0, 7],
  labels: [0, 70],
  invalid: [9],
  test: [8],
  modelKey: 'model-a',
};

function withModel(yaml: string, surrogate = fakeSurrogate()) {
  const h = harness({ molecules: 10, invalid: [9], config: configFrom(yaml), surrogate });
  h.models.put('model-a', surrogate.decode(new Uint8Array()));
  return h;
}

describe('explore stage, later generations', () => {
  it('acquires among the valid molecules neither labeled nor held out, by the model', async () => {
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 2 }');
    const out = await explore(h.deps, later, signal());
    expect(h.surrogate.predicted.map((p) => [p.stage, p.rows])).toEqual([['explore', [1, 2, 3, 4, 5, 6]]]);
    expect(h.models.gets).toEqual(['model-a']);
    expect(out.acquired).toEqual([6, 5]);
    expect(out.labels).toEqual([60, 50]);
    expect(out.test).toBeUndefined();
    expect(out).toMatchObject({ generation: 3, oracleCalls: 2, oracleFailures: 0 });
  });

  it('sizes a fractional batch by the valid pool, not by what is left of it', async () => {
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 0.5 }');
    const out = await explore(h.deps, later, signal());
    expect(out.acquired).toEqual([6, 5, 4, 3, 2]); // ceil(0.5 * 9)
  });

  it('orients the predictions by the objective', async () => {
    const h = withModel('objective: minimize\nacquisition: { strategy: greedy }\ncampaign: { batch: 2 }');
    expect((await explore(h.deps, later, signal())).acquired).toEqual([1, 2]);
  });

  it("passes the model's uncertainty to the strategy", async () => {
    const surrogate = fakeSurrogate(
      (row) => row,
      (row) => (row === 1 ? 10 : 0),
    );
    const h = withModel('acquisition: { strategy: ucb, beta: 1 }\ncampaign: { batch: 2 }', surrogate);
    expect((await explore(h.deps, later, signal())).acquired).toEqual([1, 6]);
  });

  it('needs neither features nor the model for random acquisition', async () => {
    const h = withModel('acquisition: { strategy: random }\ncampaign: { batch: 3 }');
    const out = await explore(h.deps, { ...later, modelKey: 'not-stored' }, signal());
    expect(h.features.loads).toEqual([]);
    expect(h.models.gets).toEqual([]);
    // The generation's own stream (seed 0, 'acquire', 3), as drawn before the refactor.
    expect(out.acquired).toEqual([3, 4, 5]);
  });

  it('takes an epsilon share of the batch at random, after the strategy picks', async () => {
    const yaml = (epsilon: number) => `acquisition: { strategy: greedy, epsilon: ${epsilon} }\ncampaign: { batch: 2 }`;
    const a = await explore(withModel(yaml(0.5)).deps, later, signal());
    expect(a.acquired[0]).toBe(6);
    expect([1, 2, 3, 4, 5]).toContain(a.acquired[1]);
    expect((await explore(withModel(yaml(0.5)).deps, later, signal())).acquired).toEqual(a.acquired);
    // epsilon 0 is the strategy alone; epsilon 1 is the random strategy's batch, without the model
    expect((await explore(withModel(yaml(0)).deps, later, signal())).acquired).toEqual([6, 5]);
    const h = withModel('acquisition: { strategy: greedy, epsilon: 1 }\ncampaign: { batch: 3 }');
    expect((await explore(h.deps, { ...later, modelKey: 'not-stored' }, signal())).acquired).toEqual([3, 4, 5]);
    expect(h.models.gets).toEqual([]);
  });

  it('ranks by the probability of passing acquisition.threshold, oriented by the objective', async () => {
    // std = row: a threshold left in label units under minimize would rank row 6 first
    const surrogate = () =>
      fakeSurrogate(
        (row) => row,
        (row) => row,
      );
    const yaml = 'acquisition: { strategy: threshold, threshold: 2.5 }\ncampaign: { batch: 2 }';
    expect((await explore(withModel(yaml, surrogate()).deps, later, signal())).acquired).toEqual([6, 5]);
    const minimize = withModel(`objective: minimize\n${yaml}`, surrogate());
    expect((await explore(minimize.deps, later, signal())).acquired).toEqual([1, 2]);
  });

  it('measures ei over the k-th best label with incumbent: kth (k: campaign.top_k by default)', async () => {
    // Labels 0 and 70. Row 1 is uncertain (mean 10, std 40), rows 2..6 certain (mean 20..60): over the best
    // label (70) only row 1 can improve; over the 2nd best (0) the certain 60 and 50 improve most.
    const surrogate = () =>
      fakeSurrogate(
        (row) => row * 10,
        (row) => (row === 1 ? 40 : 0),
      );
    const run = async (acquisition: string) => {
      const yaml = `acquisition: { strategy: ei, xi: 0, ${acquisition} }\ncampaign: { batch: 2, top_k: 2 }`;
      return (await explore(withModel(yaml, surrogate()).deps, later, signal())).acquired;
    };
    expect(await run('incumbent: best')).toEqual([1, 2]);
    expect(await run('incumbent: kth')).toEqual([6, 5]);
    expect(await run('incumbent: kth, incumbent_k: 1')).toEqual([1, 2]);
  });

  it('records failed oracle calls as null labels', async () => {
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 3 }');
    const failing = harness({ molecules: 10, failing: [5] }).oracle;
    const out = await explore({ ...h.deps, oracle: failing }, later, signal());
    expect(out.acquired).toEqual([6, 5, 4]);
    expect(out.labels).toEqual([60, null, 40]);
    expect(out.oracleFailures).toBe(1);
    expect(h.stageEvents[0]?.detail).toMatchObject({ acquired: 3, oracle_failures: 1 });
  });

  it('refuses to go on without a model', async () => {
    const h = withModel('');
    const error: unknown = await explore(h.deps, { ...later, modelKey: null }, signal()).catch((e: unknown) => e);
    expect(isAlcoveError(error) && error.code).toBe('INTERNAL');
    expect(h.oracle.calls).toEqual([]);
  });

  it('reports how long the prediction and the oracle took', async () => {
    const surrogate = fakeSurrogate();
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 2 }', surrogate);
    const slow = {
      ...h.deps,
      oracle: {
        ...h.oracle,
        label: (indices: readonly number[], exec: Parameters<typeof h.oracle.label>[1]) => {
          h.clock.advance(300);
          return h.oracle.label(indices, exec);
        },
      },
    };
    const out = await explore(slow, later, signal());
    expect(out.seconds).toBe(0.3);
    expect(h.stageEvents[0]).toMatchObject({ ms: 300, detail: { predict_ms: 0, oracle_ms: 300 } });
  });
});

describe('the failure rate threshold (failures.max_rate), through the machine', () => {
  const plan = { generations: 1, patience: 0, minDelta: 0, maxFailureRate: 0.5, headline: 'topk_scores' };

  async function runWith(failing: number[]) {
    const h = harness({ config: configFrom('campaign: { generations: 1 }'), initial: [0, 1, 2, 3], failing });
    const machine = campaignMachine.provide({ actors: toActors(createCampaignStages(h.deps)) });
    const actor = createActor(machine, { input: plan });
    actor.start();
    actor.send({ type: 'START' });
    const end = await waitFor(actor, (s) => s.matches('failed') || s.matches('done'));
    actor.stop();
    return end;
  }

  it('fails the campaign when more than max_rate of a batch failed', async () => {
    const end = await runWith([0, 1, 2]);
    expect(end.value).toBe('failed');
    expect(end.context.error).toMatchObject({ code: 'ORACLE_FAILED', stage: 'explore' });
    expect(end.context.oracleFailures).toBe(3);
  });

  it('goes on at max_rate', async () => {
    const end = await runWith([0, 1]);
    expect(end.value).toBe('done');
    expect(end.context.labeled.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(end.context.labels.slice(0, 4)).toEqual([null, null, 20, 30]);
  });
});

describe('explore stage, a pool with nothing to acquire', () => {
  it('refuses generation 0 before any oracle call, saying where the molecules went', async () => {
    const h = harness({ molecules: 3, invalid: [0, 1, 2] });
    const error: unknown = await explore(h.deps, gen0([0, 1, 2]), signal()).catch((e: unknown) => e);
    expect(isAlcoveError(error) && error.code).toBe('NOTHING_TO_ACQUIRE');
    expect(String(error)).toMatch(/3 molecules, 3 with invalid SMILES, 0 held out/);
    expect(h.oracle.calls).toEqual([]);
  });

  it('names the file, its rows and the unlabeled ones when it knows them', async () => {
    const h = harness({ molecules: 0 });
    const pool = { file: '/data/empty.csv', rows: 4, unlabeled: 4, leftOut: 0 };
    const error: unknown = await explore({ ...h.deps, pool }, gen0(), signal()).catch((e: unknown) => e);
    expect(isAlcoveError(error) && error.code).toBe('NOTHING_TO_ACQUIRE');
    expect(String(error)).toMatch(/4 rows in \/data\/empty\.csv, 4 unlabeled, 0 with invalid SMILES/);
  });
});
