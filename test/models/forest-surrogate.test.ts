/**
 * The forest surrogates without a pool: which one a config gets, the content address of a model (the
 * key of existing state folders: it must not change), and the artifact format.
 */
import { assert, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { createSurrogate } from '../../src/models/create-surrogate.js';
import { forestParams } from '../../src/models/forest-surrogate.js';
import type { TrainingSet } from '../../src/models/surrogate.js';
import { forestToBytes } from '../../src/engines/forest/merge-forests.js';
import { isAlcoveError } from '../../src/shared/errors.js';
import type { Exec } from '../../src/pool/executor.js';
import type { FeatureMatrix } from '../../src/shared/features.js';
import { matrixKindOf } from '../../src/shared/features.js';
import type { SerializedForest } from '../../src/shared/forest-types.js';
import { sha256Json } from '../../src/shared/hash.js';

const config = parseConfigText(
  'dataset: { builtin: amide-library }\nmodel: { trees: 12, max_depth: 4, max_features: sqrt }',
  'x.yaml',
).config;
const forest = config.model.kind === 'random-forest' ? config.model : assert.fail('a forest config');
const bits: FeatureMatrix = { kind: 'bits', rows: 3, bits: 8, bytesPerRow: 1, data: new Uint8Array(3) };
const set: TrainingSet = { featuresKey: 'f'.repeat(64), X: bits, rows: [2, 0], y: [1.5, -2], seed: 99 };

describe('forest surrogates', () => {
  it('picks the bit forest for fingerprints and the dense forest for descriptors', () => {
    expect(matrixKindOf({ kind: 'morgan' })).toBe('bits');
    expect(matrixKindOf({ kind: 'atom-pair' })).toBe('bits');
    expect(matrixKindOf({ kind: 'descriptors' })).toBe('dense');
    expect(createSurrogate(config.model, 'bits', 'regression').kind).toBe('random-forest/bits');
    expect(createSurrogate(config.model, 'dense', 'regression').kind).toBe('random-forest/dense');
    expect(createSurrogate(config.model, 'bits', 'regression').members).toBe(12);
  });

  it('keys a model by the features, rows, labels and forest parameters, as the first version did', () => {
    const surrogate = createSurrogate(config.model, 'bits', 'regression');
    const params = {
      task: 'regression',
      trees: 12,
      maxDepth: 4,
      maxFeatures: 'sqrt',
      minSamplesLeaf: 1,
      bootstrap: true,
      seed: 99,
    };
    expect(forestParams(forest, 'regression', 99)).toEqual(params);
    const key = surrogate.modelKey(set);
    expect(key).toBe(sha256Json({ v: 1, features: set.featuresKey, rows: [2, 0], y: [1.5, -2], params }));
    // Pinned (computed with the code before the Surrogate seam): existing state folders hold models under it.
    expect(key).toBe('b71c982ca1e8a8841f93070f0d4c98009e196a5d5479dbd1b94e5898606989cf');
    expect(surrogate.modelKey({ ...set, seed: 100 })).not.toBe(key);
    expect(createSurrogate(config.model, 'bits', 'classification').modelKey(set)).not.toBe(key);
  });

  it('names the engine in a dense forest key, and keeps ml-random-forest apart from CART', () => {
    const dense: FeatureMatrix = { kind: 'dense', rows: 3, cols: 2, data: new Float64Array(6), names: ['a', 'b'] };
    const denseSet = { ...set, X: dense };
    const cart = createSurrogate(config.model, 'dense', 'regression').modelKey(denseSet);
    const params = { ...forestParams(forest, 'regression', 99), denseEngine: 'cart' };
    expect(cart).toBe(sha256Json({ v: 1, features: set.featuresKey, rows: [2, 0], y: [1.5, -2], params }));
    const ml = { ...forest, kind: 'ml-random-forest' as const };
    expect(forestParams(ml, 'regression', 99).denseEngine).toBe('ml-random-forest');
    expect(createSurrogate(ml, 'dense', 'regression').modelKey(denseSet)).not.toBe(cart);
    expect(createSurrogate(ml, 'dense', 'regression').kind).toBe('ml-random-forest/dense');
  });

  it('refuses features of the other kind', async () => {
    const dense = createSurrogate(config.model, 'dense', 'regression');
    const error: unknown = await dense.train({} as Exec, set).catch((e: unknown) => e);
    expect(isAlcoveError(error) && error.code).toBe('INTERNAL');
  });

  it('stores a trained forest in the forest artifact format, bit for bit', () => {
    const forest: SerializedForest = {
      kind: 'bits',
      task: 'regression',
      features: 8,
      trees: [
        {
          feature: Int32Array.from([-1]),
          threshold: Float64Array.from([0]),
          left: Int32Array.from([-1]),
          right: Int32Array.from([-1]),
          value: Float64Array.from([0.25]),
        },
      ],
    };
    const bytes = forestToBytes(forest);
    const model = createSurrogate(config.model, 'bits', 'regression').decode(bytes);
    expect(Array.from(model.encode())).toEqual(Array.from(bytes));
  });
});
