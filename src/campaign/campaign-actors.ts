/**
 * The engine side of the campaign machine: one async function per stage, turned into `fromPromise`
 * actors by `createCampaignActors`. Each is idempotent: xstate re-runs an in-flight actor when a
 * snapshot is restored, so every result is either deterministic from (config, seed, generation) or a
 * content-addressed artifact that the re-run finds again.
 */
import { setMaxListeners } from 'node:events';
import { fromPromise } from 'xstate';
import type { CampaignConfig } from '../config/campaign-schema.js';
import { resolveCount, resolveTopK } from '../config/campaign-schema.js';
import type { Dataset } from '../data/load-dataset.js';
import type {
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  Metrics,
  TrainInput,
  TrainOutput,
} from '../machine/campaign-types.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import type { EventBus } from '../shared/event-bus.js';
import { createRng, deriveSeed, sampleIndices } from '../shared/rng.js';
import { acquire } from '../strategies/acquisition.js';
import { headlineMetric, orient } from '../strategies/objective.js';
import { classificationMetrics, regressionMetrics, screeningMetrics } from '../strategies/metrics.js';
import type { CampaignEventMap } from '../events/campaign-events.js';
import type { Features, FeatureStore } from '../state/feature-cache.js';
import type { ModelStore } from '../state/model-cache.js';
import type { Oracle } from '../oracles/oracle.js';
import type { Surrogate, TrainedModel } from '../models/surrogate.js';
import type { Exec } from '../pool/executor.js';
import { createLocalExecutor } from '../pool/local-executor.js';
import type { PoolSet } from '../pool/pool-set.js';
import type { Supervisor } from '../pool/supervisor.js';
import type { InjectedFailure } from '../shared/tasks.js';

export interface CampaignRuntime {
  readonly config: CampaignConfig;
  readonly dataset: Pick<Dataset, 'smiles' | 'ids' | 'labels'>;
  readonly pools: PoolSet;
  readonly supervisor: Supervisor;
  readonly features: FeatureStore;
  readonly surrogate: Surrogate;
  readonly models: ModelStore<TrainedModel>;
  readonly oracle: Oracle;
  readonly clock: Clock;
  readonly events: EventBus<CampaignEventMap>;
  /** Pool indices of the first batch (`campaign.initial_from`); none: a random `campaign.initial` batch. */
  readonly initial?: readonly number[];
}

function setOf(...lists: ReadonlyArray<readonly number[]>): Set<number> {
  const s = new Set<number>();
  for (const list of lists) for (const i of list) s.add(i);
  return s;
}

function validIndices(n: number, invalid: readonly number[]): number[] {
  const bad = setOf(invalid);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!bad.has(i)) out.push(i);
  return out;
}

export function createCampaignStages(rt: CampaignRuntime) {
  const { config, dataset, clock } = rt;
  const n = dataset.smiles.length;
  const inject = createInjectors(config, n);

  const executor = createLocalExecutor({
    pools: rt.pools,
    supervisor: rt.supervisor,
    maxFailureRate: config.failures.max_rate,
    onDispatch: (timing) => rt.events.emit('dispatch', timing),
  });
  const execFor = (generation: number, signal: AbortSignal): Exec => executor.context(generation, signal);

  const loadFeatures = (exec: Exec): Promise<Features> =>
    rt.features.get(dataset.smiles, config.featurizer, exec, inject.featurize);

  const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
    const t0 = clock.monotonic();
    const value = await fn();
    return { value, seconds: (clock.monotonic() - t0) / 1000 };
  };

  async function featurize(input: FeaturizeInput, signal: AbortSignal): Promise<FeaturizeOutput> {
    const { value: f, seconds } = await timed(() => loadFeatures(execFor(input.generation, signal)));
    const invalid: number[] = [];
    f.valid.forEach((ok, i) => {
      if (ok === 0) invalid.push(i);
    });
    rt.events.emit('stage', {
      stage: 'featurize',
      generation: input.generation,
      ms: seconds * 1000,
      detail: {
        molecules: n,
        invalid: invalid.length,
        cache: f.fromCache ? 'hit' : 'computed',
        featurize_ms: seconds * 1000,
      },
    });
    return { invalid, seconds };
  }

  async function labelWithOracle(indices: readonly number[], exec: Exec) {
    const labels = await rt.oracle.label(indices, exec);
    return { labels, failures: labels.filter((l) => l === null).length };
  }

  async function explore(input: ExploreInput, signal: AbortSignal): Promise<ExploreOutput> {
    const t0 = clock.monotonic();
    const exec = execFor(input.generation, signal);
    const valid = validIndices(n, input.invalid);
    const poolSize = valid.length;
    let test: number[] | undefined;
    let testLabels: (number | null)[] | undefined;
    let calls = 0;
    let failures = 0;
    let picks: number[];
    let predictMs = 0;

    if (input.labeled.length === 0) {
      const testCount = Math.round(config.campaign.test_fraction * poolSize);
      if (testCount > 0) {
        test = sampleIndices(poolSize, testCount, createRng(config.seed, 'test-split'))
          .map((j) => valid[j] as number)
          .sort((a, b) => a - b);
        const t = await labelWithOracle(test, exec);
        testLabels = t.labels;
        calls += test.length;
        failures += t.failures;
      }
      const taken = setOf(test ?? []);
      if (rt.initial !== undefined) {
        // The named molecules, less invalid ones and the held-out set.
        const ok = setOf(valid);
        picks = rt.initial.filter((i) => ok.has(i) && !taken.has(i));
      } else {
        const candidates = Int32Array.from(valid.filter((i) => !taken.has(i)));
        const count = Math.min(candidates.length, resolveCount(config.campaign.initial, poolSize));
        picks = Array.from(
          acquire(
            'random',
            { candidates, best: Number.NEGATIVE_INFINITY, batch: count, beta: 0, xi: 0 },
            createRng(config.seed, 'acquire', 0),
          ),
        );
      }
    } else {
      if (input.modelKey === null) throw new AlcoveError('INTERNAL', 'explore after the first batch needs a model');
      const taken = setOf(input.labeled, input.test);
      const candidates = Int32Array.from(valid.filter((i) => !taken.has(i)));
      const batch = Math.min(candidates.length, resolveCount(config.campaign.batch, poolSize));
      const strategy = config.acquisition.strategy;
      let mean: Float64Array | undefined;
      let std: Float64Array | undefined;
      if (strategy !== 'random') {
        const f = await loadFeatures(exec);
        const tp = clock.monotonic();
        const p = await rt.models.get(input.modelKey).predict(exec, 'explore', f.matrix, candidates);
        predictMs = clock.monotonic() - tp;
        mean = p.mean.map((v) => orient(config, v));
        std = p.std;
      }
      let best = Number.NEGATIVE_INFINITY;
      for (const l of input.labels) if (l !== null) best = Math.max(best, orient(config, l));
      picks = Array.from(
        acquire(
          strategy,
          {
            candidates,
            ...(mean ? { mean } : {}),
            ...(std ? { std } : {}),
            best,
            batch,
            beta: config.acquisition.beta,
            xi: config.acquisition.xi,
          },
          createRng(config.seed, 'acquire', input.generation),
        ),
      );
    }

    const to = clock.monotonic();
    const labeled = await labelWithOracle(picks, exec);
    const oracleMs = clock.monotonic() - to;
    calls += picks.length;
    failures += labeled.failures;
    const seconds = (clock.monotonic() - t0) / 1000;
    rt.events.emit('stage', {
      stage: 'explore',
      generation: input.generation,
      ms: seconds * 1000,
      detail: { acquired: picks.length, oracle_failures: labeled.failures, predict_ms: predictMs, oracle_ms: oracleMs },
    });
    return {
      generation: input.generation,
      acquired: picks,
      labels: labeled.labels,
      ...(test ? { test, testLabels: testLabels ?? [] } : {}),
      oracleCalls: calls,
      oracleFailures: failures,
      seconds,
    };
  }

  async function train(input: TrainInput, signal: AbortSignal): Promise<TrainOutput> {
    const t0 = clock.monotonic();
    const exec = execFor(input.generation, signal);
    const f = await loadFeatures(exec);
    const rows: number[] = [];
    const y: number[] = [];
    input.labeled.forEach((idx, j) => {
      const label = input.labels[j];
      if (label !== null && label !== undefined) {
        rows.push(idx);
        y.push(label);
      }
    });
    if (rows.length === 0) {
      throw new AlcoveError('ORACLE_FAILED', `no labeled molecules to train on in generation ${input.generation}`);
    }
    // The budget's last round with no held-out set: nothing will read this model (the screening metrics
    // need none, and there is no next acquisition), so it is not trained.
    if (input.generation >= config.campaign.generations && config.campaign.test_fraction === 0) {
      const seconds = (clock.monotonic() - t0) / 1000;
      rt.events.emit('stage', {
        stage: 'train',
        generation: input.generation,
        ms: seconds * 1000,
        detail: { rows: rows.length, trees: 0, model: 'not needed', train_ms: 0 },
      });
      return { modelKey: `none:${input.generation}`, seconds };
    }
    // The seed stream is named 'forest' for every surrogate: it is hashed into the model keys of existing runs.
    const seed = deriveSeed(config.seed, 'forest', input.generation);
    const set = { featuresKey: f.key, X: f.matrix, rows, y, seed };
    const modelKey = rt.surrogate.modelKey(set);
    let reused = true;
    let trainMs = 0;
    if (!rt.models.has(modelKey)) {
      reused = false;
      const tt = clock.monotonic();
      const model = await rt.surrogate.train(exec, set, (trees, attempt) =>
        inject.train(input.generation, trees, attempt),
      );
      trainMs = clock.monotonic() - tt;
      rt.models.put(modelKey, model);
    }
    const seconds = (clock.monotonic() - t0) / 1000;
    rt.events.emit('stage', {
      stage: 'train',
      generation: input.generation,
      ms: seconds * 1000,
      detail: {
        rows: rows.length,
        trees: rt.surrogate.members,
        model: reused ? 'reused' : 'trained',
        train_ms: trainMs,
      },
    });
    return { modelKey, seconds };
  }

  async function evaluate(input: EvaluateInput, signal: AbortSignal): Promise<EvaluateOutput> {
    const t0 = clock.monotonic();
    const exec = execFor(input.generation, signal);
    const metrics: Metrics = {};
    const testRows: number[] = [];
    const testY: number[] = [];
    input.test.forEach((idx, j) => {
      const label = input.testLabels[j];
      if (label !== null && label !== undefined) {
        testRows.push(idx);
        testY.push(label);
      }
    });
    let predictMs = 0;
    if (testRows.length > 0) {
      const f = await loadFeatures(exec);
      const tp = clock.monotonic();
      const p = await rt.models.get(input.modelKey).predict(exec, 'evaluate', f.matrix, Int32Array.from(testRows));
      predictMs = clock.monotonic() - tp;
      Object.assign(
        metrics,
        config.task === 'regression' ? regressionMetrics(testY, p.mean) : classificationMetrics(testY, p.mean),
      );
    }
    const tt = clock.monotonic();
    const truth = await rt.oracle.truth(exec);
    const truthMs = clock.monotonic() - tt;
    if (truth !== null) {
      const invalid = setOf(input.invalid, input.test);
      const oriented = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = truth[i] ?? Number.NaN;
        oriented[i] = invalid.has(i) ? Number.NaN : orient(config, v);
      }
      const k = resolveTopK(config, n - input.invalid.length - input.test.length);
      Object.assign(metrics, screeningMetrics(oriented, input.labeled, k));
    }
    const taken = setOf(input.invalid, input.test, input.labeled);
    const seconds = (clock.monotonic() - t0) / 1000;
    rt.events.emit('stage', {
      stage: 'evaluate',
      generation: input.generation,
      ms: seconds * 1000,
      detail: { predict_ms: predictMs, truth_ms: truthMs },
    });
    return { metrics, candidatesLeft: n - taken.size, seconds };
  }

  return { featurize, explore, train, evaluate };
}

export type CampaignStages = ReturnType<typeof createCampaignStages>;

/**
 * Failure injection (config `inject`), decided from the seed per task and first attempt only, so that
 * every injected failure is recoverable by its retry and a resumed campaign injects the same ones.
 */
export function createInjectors(config: CampaignConfig, poolSize: number) {
  const { inject, seed } = config;
  const malformed =
    inject.malformed_molecules > 0
      ? new Set(
          sampleIndices(
            poolSize,
            Math.min(poolSize, inject.malformed_molecules),
            createRng(seed, 'inject', 'malformed'),
          ),
        )
      : null;
  return {
    malformed,
    featurize(items: readonly number[], attempt: number): InjectedFailure | undefined {
      const bad = malformed === null ? [] : items.flatMap((row, pos) => (malformed.has(row) ? [pos] : []));
      const oom =
        attempt === 1 &&
        inject.featurize_oom > 0 &&
        createRng(seed, 'inject', 'featurize-oom', items[0] ?? 0).next() < inject.featurize_oom;
      if (bad.length === 0 && !oom) return undefined;
      return { ...(bad.length > 0 ? { badItems: bad } : {}), ...(oom ? { oom: true } : {}) };
    },
    train(generation: number, trees: readonly number[], attempt: number): InjectedFailure | undefined {
      if (attempt !== 1 || inject.train_timeout <= 0) return undefined;
      const hit = createRng(seed, 'inject', 'train-timeout', generation, trees[0] ?? 0).next() < inject.train_timeout;
      return hit ? { hangMs: 3_600_000 } : undefined;
    },
  };
}

/** The stages as xstate actors, for `campaignMachine.provide({ actors })`. */
export function toActors(stages: CampaignStages) {
  // One stage fans out into many pool tasks that all listen to the stage's abort signal.
  const fanOut = (signal: AbortSignal) => {
    setMaxListeners(0, signal);
    return signal;
  };
  // xstate starts an invoked actor inside the transition, before the observers that write the
  // checkpoint. Each stage first yields (one microtask), so its work begins after the transition is
  // checkpointed: the transition and the stage follow each other on the time line instead of
  // interleaving, and a crash never leaves a stage's side effects ahead of the checkpoint that entered it.
  const after = async <T>(run: () => Promise<T>): Promise<T> => {
    await Promise.resolve();
    return run();
  };
  return {
    featurize: fromPromise<FeaturizeOutput, FeaturizeInput>(({ input, signal }) =>
      after(() => stages.featurize(input, fanOut(signal))),
    ),
    explore: fromPromise<ExploreOutput, ExploreInput>(({ input, signal }) =>
      after(() => stages.explore(input, fanOut(signal))),
    ),
    train: fromPromise<TrainOutput, TrainInput>(({ input, signal }) =>
      after(() => stages.train(input, fanOut(signal))),
    ),
    evaluate: fromPromise<EvaluateOutput, EvaluateInput>(({ input, signal }) =>
      after(() => stages.evaluate(input, fanOut(signal))),
    ),
  };
}
