/** The worker's train task picks the dense engine from `params.denseEngine` (absent: the presorted CART). */
import { describe, expect, it } from 'vitest';
import type { ForestParams } from '../../../src/shared/forest-types.js';
import type { TrainTask, WorkerTaskResult } from '../../../src/shared/tasks.js';
import { createRng } from '../../../src/shared/rng.js';
import { trainCartDenseForest } from '../../../src/engines/forest/train-cart-dense-forest.js';
import { trainDenseForest } from '../../../src/engines/forest/train-dense-forest.js';
import handler from '../../../src/engines/worker.js';
import { allRows, baseParams, denseMatrix } from './helpers.js';

const rng = createRng(3, 'engine-choice');
const rows = Array.from({ length: 60 }, () => [rng.next(), rng.next(), rng.next()]);
const X = denseMatrix(rows);
const y = Float64Array.from(rows, (r) => r[0]! * 3 + (r[1]! > 0.5 ? 1 : 0));
const params: ForestParams = { ...baseParams, trees: 3, bootstrap: true, maxFeatures: 'sqrt', seed: 2 };

async function trainInWorker(p: ForestParams): Promise<WorkerTaskResult> {
  const run = await handler;
  const task: TrainTask = { type: 'train', X, rows: allRows(60), y, params: p, firstTree: 1 };
  const reply = await run(task);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

describe('worker dense engine choice', () => {
  it('trains with the CART forest by default', async () => {
    const result = await trainInWorker(params);
    expect(result).toEqual({ type: 'train', forest: trainCartDenseForest(X, allRows(60), y, params, 1) });
    expect(await trainInWorker({ ...params, denseEngine: 'cart' })).toEqual(result);
  });

  it('trains with ml-random-forest when asked', async () => {
    const asked: ForestParams = { ...params, denseEngine: 'ml-random-forest' };
    const result = await trainInWorker(asked);
    expect(result).toEqual({ type: 'train', forest: trainDenseForest(X, allRows(60), y, asked, 1) });
    expect(result).not.toEqual(await trainInWorker(params));
  });

  it('replies BAD_CONFIG for an unknown engine', async () => {
    const run = await handler;
    const bogus = { ...params, denseEngine: 'xgboost' } as unknown as ForestParams;
    const reply = await run({ type: 'train', X, rows: allRows(60), y, params: bogus, firstTree: 0 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('BAD_CONFIG');
  });
});
