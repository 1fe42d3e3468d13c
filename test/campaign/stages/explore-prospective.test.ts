/**
 * The explore stage for prospective campaigns: each pick keeps the prediction it was chosen on, the batch
 * follows the schedule and the calls left, the ranking is exported, and imported scores are used instead
 * of the oracle (and never held out).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/campaign/stages/explore.js';
import type { ExploreInput } from '../../../src/machine/campaign-types.js';
import type { ExportSink, PredictionRow } from '../../../src/state/exports.js';
import { configFrom, fakeSurrogate, harness, signal } from './fakes.js';

/** Pool of 10: 9 invalid, 8 held out, 0 and 7 labeled; candidates 1..6. */
const later: ExploreInput = {
  generation: 3,
  labeled: [0, 7],
  labels: [0, 70],
  invalid: [9],
  test: [8],
  modelKey: 'model-a',
};

function sink() {
  const written: { generation: number; rows: readonly PredictionRow[] }[] = [];
  const exports: ExportSink = { predictions: (generation, rows) => written.push({ generation, rows }) };
  return { written, exports };
}

/** A model predicting row * 10 with uncertainty row. */
function withModel(yaml: string, extra: { exports?: ExportSink } = {}) {
  const surrogate = fakeSurrogate(
    (row) => row * 10,
    (row) => row,
  );
  const h = harness({ molecules: 10, invalid: [9], config: configFrom(yaml), surrogate });
  h.models.put('model-a', surrogate.decode(new Uint8Array()));
  return { ...h, deps: { ...h.deps, ...extra } };
}

describe('explore stage: predictions at acquisition and exports', () => {
  it('keeps the predicted mean and uncertainty of each pick, in label units', async () => {
    const h = withModel('objective: minimize\nacquisition: { strategy: greedy }\ncampaign: { batch: 2 }');
    const out = await explore(h.deps, later, signal());
    expect(out.acquired).toEqual([1, 2]);
    expect(out.predicted).toEqual([10, 20]);
    expect(out.predictedStd).toEqual([1, 2]);
  });

  it('predicts nothing for a random batch', async () => {
    const h = withModel('acquisition: { strategy: random }\ncampaign: { batch: 2 }');
    const { written, exports } = sink();
    const out = await explore({ ...h.deps, exports }, later, signal());
    expect(out.predicted).toBeUndefined();
    expect(written).toEqual([]);
  });

  it('exports the top export_top candidates by acquisition score, marking the chosen', async () => {
    const { written, exports } = sink();
    const h = withModel('acquisition: { strategy: ucb, beta: 1 }\ncampaign: { batch: 2, export_top: 3 }', { exports });
    const out = await explore(h.deps, later, signal());
    expect(out.acquired).toEqual([6, 5]);
    expect(written).toHaveLength(1);
    expect(written[0]?.generation).toBe(3);
    expect(written[0]?.rows).toEqual([
      { index: 6, score: 66, mean: 60, std: 6, chosen: true },
      { index: 5, score: 55, mean: 50, std: 5, chosen: true },
      { index: 4, score: 44, mean: 40, std: 4, chosen: false },
    ]);
  });
});

describe('explore stage: batch schedule and call budget', () => {
  it("takes the generation's entry of the schedule, the last one repeating", async () => {
    const yaml = 'acquisition: { strategy: greedy }\ncampaign: { batch: [1, 3] }';
    expect((await explore(withModel(yaml).deps, { ...later, generation: 1 }, signal())).acquired).toEqual([6]);
    expect((await explore(withModel(yaml).deps, { ...later, generation: 2 }, signal())).acquired).toHaveLength(3);
    expect((await explore(withModel(yaml).deps, { ...later, generation: 7 }, signal())).acquired).toHaveLength(3);
  });

  it('never takes more than the calls left', async () => {
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 4 }');
    const out = await explore(h.deps, { ...later, callsLeft: 2 }, signal());
    expect(out.acquired).toEqual([6, 5]);
    expect(out.oracleCalls).toBe(2);
  });

  it('cuts the first batch to the calls the held-out set leaves', async () => {
    const h = harness({ config: configFrom('seed: 7\ncampaign: { test_fraction: 0.25, initial: 6 }') });
    const gen0: ExploreInput = { generation: 0, labeled: [], labels: [], invalid: [], test: [], modelKey: null };
    const out = await explore(h.deps, { ...gen0, callsLeft: 8 }, signal());
    expect(out.test).toHaveLength(5);
    expect(out.acquired).toHaveLength(3);
    expect(out.oracleCalls).toBe(8);
  });
});

describe('explore stage: imported scores', () => {
  const gen0: ExploreInput = { generation: 0, labeled: [], labels: [], invalid: [], test: [], modelKey: null };
  const imported = new Map([
    [3, 1.5],
    [11, -2],
    [4, 7],
  ]);

  it('labels the first batch from the file, without an oracle call', async () => {
    const h = harness({ initial: [3, 11, 4] });
    const out = await explore({ ...h.deps, imported }, { ...gen0, callsLeft: 0 }, signal());
    expect(out.acquired).toEqual([3, 11, 4]);
    expect(out.labels).toEqual([1.5, -2, 7]);
    expect(out).toMatchObject({ oracleCalls: 0, oracleFailures: 0, imported: 3 });
    expect(h.oracle.calls).toEqual([]);
  });

  it('never holds an imported molecule out (the oracle would score it again)', async () => {
    const config = configFrom('seed: 7\ncampaign: { test_fraction: 0.5 }');
    const h = harness({ config, initial: [3, 11, 4] });
    const out = await explore({ ...h.deps, imported }, gen0, signal());
    expect(out.test?.some((i) => imported.has(i))).toBe(false);
    expect(out.acquired).toEqual([3, 11, 4]);
    expect(h.oracle.calls).toEqual([out.test]);
    expect(out.oracleCalls).toBe(out.test?.length);
  });

  it('asks the oracle for later generations', async () => {
    const h = withModel('acquisition: { strategy: greedy }\ncampaign: { batch: 1 }');
    const out = await explore({ ...h.deps, imported }, later, signal());
    expect(out.acquired).toEqual([6]);
    expect(h.oracle.calls).toEqual([[6]]);
    expect(out.imported).toBeUndefined();
  });
});
