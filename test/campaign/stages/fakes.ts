/**
 * Fakes for the stages' seams: an executor that hands out contexts and runs nothing, a feature source
 * with a given validity mask, a surrogate whose predictions are a function of the row, an in-memory
 * model store, an oracle over a label table, a fake clock and an event log. No pool, no RDKit.
 */
import { parseConfigText } from '../../../src/config/load-config.js';
import type { CampaignConfig } from '../../../src/config/campaign-schema.js';
import type { CampaignEventMap } from '../../../src/events/campaign-events.js';
import type { Prediction, Surrogate, TrainedModel, TrainingSet, TrainInjector } from '../../../src/models/surrogate.js';
import type { Oracle } from '../../../src/oracles/oracle.js';
import type { Exec, Executor } from '../../../src/pool/executor.js';
import { createFakeClock } from '../../../src/shared/clock.js';
import { AlcoveError } from '../../../src/shared/errors.js';
import type { FeatureMatrix } from '../../../src/shared/features.js';
import type { ModelStore } from '../../../src/state/model-cache.js';
import type { StageDeps, StageFeatures } from '../../../src/campaign/stages/stage-deps.js';

/** A resolved config from YAML lines, over a labeled CSV (never read: the stages see fakes only). */
export function configFrom(yaml = ''): CampaignConfig {
  return parseConfigText(`dataset: { path: pool.csv, label_column: y }\n${yaml}`, 'test.yaml').config;
}

export interface FakeExecutor extends Executor {
  readonly opened: { generation: number; signal: AbortSignal | undefined }[];
}

/** Contexts only: the stages hand them on to the seams, which are fakes too, so no task ever runs. */
export function fakeExecutor(): FakeExecutor {
  const opened: { generation: number; signal: AbortSignal | undefined }[] = [];
  const refuse = (): never => {
    throw new AlcoveError('INTERNAL', 'the fake executor runs no tasks');
  };
  return {
    opened,
    context(generation, signal): Exec {
      opened.push({ generation, signal });
      return {
        generation,
        ...(signal ? { signal } : {}),
        maxFailureRate: 0.5,
        threads: () => 1,
        call: refuse,
        supervise: refuse,
        run: refuse,
      };
    },
  };
}

export interface FakeFeatures {
  readonly load: (exec: Exec) => Promise<StageFeatures>;
  readonly loads: Exec[];
  readonly matrix: FeatureMatrix;
}

/** Features of `n` molecules; `invalid` ones have validity 0. Loading advances the clock by `ms`. */
export function fakeFeatures(
  n: number,
  invalid: readonly number[] = [],
  options: { fromCache?: boolean; ms?: number; clock?: { advance(ms: number): void } } = {},
): FakeFeatures {
  const valid = new Uint8Array(n).fill(1);
  for (const i of invalid) valid[i] = 0;
  const matrix: FeatureMatrix = { kind: 'bits', rows: n, bits: 8, bytesPerRow: 1, data: new Uint8Array(n) };
  const loads: Exec[] = [];
  return {
    loads,
    matrix,
    load(exec) {
      loads.push(exec);
      options.clock?.advance(options.ms ?? 0);
      return Promise.resolve({ key: 'features-key', matrix, valid, fromCache: options.fromCache ?? false });
    },
  };
}

export interface PredictCall {
  readonly stage: 'evaluate' | 'explore';
  readonly rows: number[];
  readonly exec: Exec;
}

export interface FakeSurrogate extends Surrogate {
  readonly trained: { set: TrainingSet; exec: Exec; inject: TrainInjector | undefined }[];
  readonly predicted: PredictCall[];
}

/**
 * A surrogate whose model predicts `mean(row)` and `std(row)`; its key is the JSON of what it was
 * trained on (so a test sees exactly which rows, labels and seed went in).
 */
export function fakeSurrogate(
  mean: (row: number) => number = (row) => row,
  std: (row: number) => number = () => 0,
): FakeSurrogate {
  const trained: FakeSurrogate['trained'] = [];
  const predicted: PredictCall[] = [];
  const model: TrainedModel = {
    encode: () => new Uint8Array([1]),
    predict(exec, stage, _X, rows): Promise<Prediction> {
      predicted.push({ stage, rows: Array.from(rows), exec });
      return Promise.resolve({ mean: Float64Array.from(rows, mean), std: Float64Array.from(rows, std) });
    },
  };
  return {
    kind: 'fake',
    members: 7,
    trained,
    predicted,
    modelKey: (set) => JSON.stringify({ features: set.featuresKey, rows: set.rows, y: set.y, seed: set.seed }),
    train(exec, set, inject) {
      trained.push({ set, exec, inject });
      return Promise.resolve(model);
    },
    decode: () => model,
  };
}

export interface FakeModelStore extends ModelStore<TrainedModel> {
  readonly gets: string[];
}

export function fakeModelStore(): FakeModelStore {
  const models = new Map<string, TrainedModel>();
  const gets: string[] = [];
  return {
    dir: '(memory)',
    gets,
    fileOf: (key) => `(memory)/${key}`,
    has: (key) => models.has(key),
    put: (key, model) => void models.set(key, model),
    get(key) {
      gets.push(key);
      const model = models.get(key);
      if (model === undefined) throw new AlcoveError('BAD_CHECKPOINT', `no model ${key}`);
      return model;
    },
  };
}

export interface FakeOracle extends Oracle {
  readonly calls: number[][];
}

/**
 * Labels from `values` (a molecule's label is `values[i]`), null for the molecules in `failing`.
 * Each call advances the clock by `ms`.
 */
export function fakeOracle(
  values: (i: number) => number,
  options: {
    failing?: readonly number[];
    truth?: Float64Array | null;
    ms?: number;
    clock?: { advance(ms: number): void };
  } = {},
): FakeOracle {
  const failing = new Set(options.failing ?? []);
  const calls: number[][] = [];
  return {
    kind: 'fake',
    calls,
    label(indices) {
      calls.push([...indices]);
      options.clock?.advance(options.ms ?? 0);
      return Promise.resolve(indices.map((i) => (failing.has(i) ? null : values(i))));
    },
    truth: () => Promise.resolve(options.truth ?? null),
  };
}

export type StageEvent = CampaignEventMap['stage:end'];

export interface Harness {
  readonly deps: StageDeps;
  readonly executor: FakeExecutor;
  readonly features: FakeFeatures;
  readonly surrogate: FakeSurrogate;
  readonly models: FakeModelStore;
  readonly oracle: FakeOracle;
  readonly clock: ReturnType<typeof createFakeClock>;
  readonly stageEvents: StageEvent[];
}

export interface HarnessOptions {
  readonly config?: CampaignConfig;
  readonly molecules?: number;
  readonly invalid?: readonly number[];
  readonly labels?: (i: number) => number;
  readonly failing?: readonly number[];
  readonly truth?: Float64Array | null;
  readonly surrogate?: FakeSurrogate;
  readonly initial?: readonly number[];
  readonly injectTrain?: StageDeps['injectTrain'];
}

/** Every seam faked, over a pool of `molecules` (default 20) whose label is the index times 10. */
export function harness(options: HarnessOptions = {}): Harness {
  const clock = createFakeClock(1_000);
  const molecules = options.molecules ?? 20;
  const executor = fakeExecutor();
  const features = fakeFeatures(molecules, options.invalid ?? []);
  const surrogate = options.surrogate ?? fakeSurrogate();
  const models = fakeModelStore();
  const oracle = fakeOracle(options.labels ?? ((i) => i * 10), {
    ...(options.failing ? { failing: options.failing } : {}),
    ...(options.truth === undefined ? {} : { truth: options.truth }),
  });
  const stageEvents: StageEvent[] = [];
  const deps: StageDeps = {
    config: options.config ?? configFrom(),
    molecules,
    surrogate,
    models,
    oracle,
    executor,
    features,
    clock,
    events: {
      emit(name, payload) {
        if (name === 'stage:end') stageEvents.push(payload as StageEvent);
      },
    },
    ...(options.initial ? { initial: options.initial } : {}),
    ...(options.injectTrain ? { injectTrain: options.injectTrain } : {}),
  };
  return { deps, executor, features, surrogate, models, oracle, clock, stageEvents };
}

export const signal = (): AbortSignal => new AbortController().signal;
