import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/shared/rng.js';
import { acquisitionScores } from '../../src/strategies/acquisition.js';
import type { AcquisitionInput } from '../../src/strategies/acquisition.js';
import { acquisitionParams } from '../../src/strategies/acquisition-params.js';
import type { AcquisitionSettings } from '../../src/strategies/acquisition-params.js';
import type { Objective } from '../../src/strategies/objective.js';

const LABELS = [1, 7, null, 4, 6];

const SETTINGS: AcquisitionSettings = {
  beta: 2,
  xi: 0,
  epsilon: 0,
  threshold: null,
  incumbent: 'best',
  incumbent_k: null,
};

function params(over: Partial<AcquisitionSettings>, objective: Objective = 'maximize', topK = 2) {
  return acquisitionParams({ objective, acquisition: { ...SETTINGS, ...over } }, LABELS, topK);
}

describe('acquisitionParams', () => {
  it('with the defaults gives the input of before (best label, no epsilon, no threshold)', () => {
    expect(params({})).toEqual({ best: 7, beta: 2, xi: 0 });
    expect(params({ xi: 0.01, beta: 1 }, 'minimize')).toEqual({ best: -1, beta: 1, xi: 0.01 });
  });

  it('kth defaults k to the campaign top-k, and incumbent_k overrides it', () => {
    expect(params({ incumbent: 'kth' }).best).toBe(6);
    expect(params({ incumbent: 'kth' }, 'maximize', 3).best).toBe(4);
    expect(params({ incumbent: 'kth', incumbent_k: 4 }).best).toBe(1);
    // an empty pool has top-k 0: k is at least 1
    expect(params({ incumbent: 'kth' }, 'maximize', 0).best).toBe(7);
    // incumbent_k without kth changes nothing
    expect(params({ incumbent_k: 4 }).best).toBe(7);
  });

  it('passes epsilon, and the threshold oriented like the means', () => {
    expect(params({ epsilon: 0.2, threshold: 4 })).toMatchObject({ epsilon: 0.2, threshold: 4 });
    expect(params({ threshold: 4 }, 'minimize').threshold).toBe(-4);
  });
});

// Two candidates, A (mean 6.5, std 0) and B (mean 5, std 1): over the best label 7 only B can improve;
// over the 2nd best (6) A improves surely by 0.5.
const TWO: Omit<AcquisitionInput, 'best' | 'beta' | 'xi'> = {
  candidates: Int32Array.from([0, 1]),
  mean: Float64Array.from([6.5, 5]),
  std: Float64Array.from([0, 1]),
  batch: 2,
};
const scores = (name: 'ei' | 'pi', over: Partial<AcquisitionSettings>) =>
  Array.from(acquisitionScores(name, { ...TWO, ...params(over) }, createRng(0, 'x')));

describe('ei / pi with the k-th best incumbent', () => {
  it('ei: hand-computed over 7 (best) and 6 (kth, k = top-k 2)', () => {
    // best 7: A 0; B d = -2: -2 Phi(-2) + phi(-2)
    const best = scores('ei', {});
    expect(best[0]).toBe(0);
    expect(best[1]).toBeCloseTo(0.008490702616829625, 14);
    // kth 6: A 0.5; B d = -1: -Phi(-1) + phi(-1)
    const kth = scores('ei', { incumbent: 'kth' });
    expect(kth[0]).toBe(0.5);
    expect(kth[1]).toBeCloseTo(0.08331547058768629, 14);
    // xi still adds to the incumbent: target 6 + 0.25
    expect(scores('ei', { incumbent: 'kth', xi: 0.25 })[0]).toBe(0.25);
  });

  it('pi: hand-computed over 7 (best) and 6 (kth)', () => {
    const best = scores('pi', {});
    expect(best[0]).toBe(0);
    expect(best[1]).toBeCloseTo(0.02275013194817922, 15);
    const kth = scores('pi', { incumbent: 'kth' });
    expect(kth[0]).toBe(1);
    expect(kth[1]).toBeCloseTo(0.15865525393145707, 15);
  });

  it('threshold with objective minimize: P(label < threshold) from the oriented means', () => {
    // labels predicted 3 (std 2) and 5 (std 1), threshold 4: Phi((4 - 3) / 2) and Phi((4 - 5) / 1)
    const mean = Float64Array.from([3, 5], (m) => -m); // the explore stage orients the means
    const p = acquisitionParams({ objective: 'minimize', acquisition: { ...SETTINGS, threshold: 4 } }, LABELS, 2);
    const inp = { ...TWO, mean, std: Float64Array.from([2, 1]), ...p };
    const got = acquisitionScores('threshold', inp, createRng(0, 'x'));
    expect(got[0]).toBeCloseTo(0.6914624612740131, 15);
    expect(got[1]).toBeCloseTo(0.15865525393145707, 15);
  });
});
