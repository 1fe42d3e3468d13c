import { resolveTopK } from '../../config/campaign-schema.js';
import type { EvaluateInput, EvaluateOutput, HeldOutPredictions, Metrics } from '../../machine/campaign-types.js';
import type { Prediction } from '../../models/surrogate.js';
import type { Exec } from '../../pool/executor.js';
import {
  classificationMetrics,
  prospectiveMetrics,
  regressionMetrics,
  screeningMetrics,
} from '../../strategies/metrics.js';
import { orient } from '../../strategies/objective.js';
import { setOf } from './index-sets.js';
import { labeledRows } from './labeled-rows.js';
import type { StageDeps } from './stage-deps.js';
import { modelFor } from './stage-model.js';

export type EvaluateDeps = Pick<
  StageDeps,
  'config' | 'molecules' | 'models' | 'surrogate' | 'oracle' | 'executor' | 'features' | 'clock' | 'events'
>;

const finiteOrNull = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

/**
 * The predictions aligned with the whole held-out set (null where its label failed and it was not
 * predicted), frozen: the checkpoint writer memoises the JSON of frozen arrays.
 */
function alignHeldOut(input: EvaluateInput, rows: readonly number[], p: Prediction): HeldOutPredictions {
  const position = new Map(rows.map((row, j) => [row, j]));
  const at = (values: Float64Array, row: number) => {
    const j = position.get(row);
    return j === undefined ? null : finiteOrNull(values[j]);
  };
  return {
    generation: input.generation,
    mean: Object.freeze(input.test.map((row) => at(p.mean, row))),
    std: Object.freeze(input.test.map((row) => at(p.std, row))),
  };
}

interface HeldOutFit {
  readonly predictMs: number;
  readonly heldOut?: HeldOutPredictions;
}

/**
 * Adds the model's fit on the held-out molecules with a label to `metrics` (nothing without a held-out
 * set); returns the prediction's milliseconds and the predictions, which the status page's held-out
 * parity plot draws.
 */
async function addHeldOutFit(
  deps: EvaluateDeps,
  input: EvaluateInput,
  exec: Exec,
  metrics: Metrics,
): Promise<HeldOutFit> {
  const { rows, y } = labeledRows(input.test, input.testLabels);
  if (rows.length === 0) return { predictMs: 0 };
  const f = await deps.features.load(exec);
  const tp = deps.clock.monotonic();
  // The model of this generation's train stage (trained again if a resume found it damaged).
  const model = await modelFor(deps, exec, f, input);
  const p = await model.predict(exec, 'evaluate', f.matrix, Int32Array.from(rows));
  const predictMs = deps.clock.monotonic() - tp;
  Object.assign(
    metrics,
    deps.config.task === 'regression' ? regressionMetrics(y, p.mean) : classificationMetrics(y, p.mean),
  );
  return { predictMs, heldOut: alignHeldOut(input, rows, p) };
}

/** With the oracle's truth (benchmarks): how much of the true top-k of the acquirable pool was found. */
function addScreening(deps: EvaluateDeps, input: EvaluateInput, truth: Float64Array, metrics: Metrics): void {
  const n = deps.molecules;
  const excluded = setOf(input.invalid, input.test);
  const oriented = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = truth[i] ?? Number.NaN;
    oriented[i] = excluded.has(i) ? Number.NaN : orient(deps.config, v);
  }
  const k = resolveTopK(deps.config, n - input.invalid.length - input.test.length);
  Object.assign(metrics, screeningMetrics(oriented, input.labeled, k));
}

/** What the campaign's labels and its predictions at acquisition tell without any truth (every round). */
function addProspective(deps: EvaluateDeps, input: EvaluateInput, metrics: Metrics): void {
  const n = deps.molecules;
  Object.assign(
    metrics,
    prospectiveMetrics({
      labels: input.labels,
      acquiredIn: input.acquiredIn ?? [],
      predicted: input.predicted ?? [],
      generation: input.generation,
      objective: deps.config.objective,
      k: resolveTopK(deps.config, n - input.invalid.length - input.test.length),
      hitThreshold: deps.config.campaign.hit_threshold,
    }),
  );
}

/**
 * The round's metrics: the model's fit on the held-out set, screening metrics when the truth is known,
 * and the prospective ones (explored top-k mean, best label, hits, the batch's prediction error) always.
 */
export async function evaluate(deps: EvaluateDeps, input: EvaluateInput, signal: AbortSignal): Promise<EvaluateOutput> {
  deps.events.emit('stage:start', { stage: 'evaluate', generation: input.generation });
  const { clock } = deps;
  const t0 = clock.monotonic();
  const exec = deps.executor.context(input.generation, signal);
  const metrics: Metrics = {};
  const { predictMs, heldOut } = await addHeldOutFit(deps, input, exec, metrics);
  const tt = clock.monotonic();
  const truth = await deps.oracle.truth(exec);
  const truthMs = clock.monotonic() - tt;
  if (truth !== null) addScreening(deps, input, truth, metrics);
  addProspective(deps, input, metrics);
  const taken = setOf(input.invalid, input.test, input.labeled);
  const seconds = (clock.monotonic() - t0) / 1000;
  deps.events.emit('stage:end', {
    stage: 'evaluate',
    generation: input.generation,
    ms: seconds * 1000,
    detail: { predict_ms: predictMs, truth_ms: truthMs },
  });
  return {
    metrics,
    candidatesLeft: deps.molecules - taken.size,
    seconds,
    ...(heldOut === undefined ? {} : { heldOut }),
  };
}
