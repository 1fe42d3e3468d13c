/**
 * The campaign as an XState v5 machine:
 *
 *   idle → featurize → explore (initial random batch) → featurize → train → evaluate → explore → featurize …
 *                                                                              ↘ done (budget spent, pool exhausted, converged)
 *   explore that acquires nothing → done (pool exhausted), or failed (NOTHING_TO_ACQUIRE) before any label
 *   any stage ──error──→ failed ──RETRY──→ the stage that failed
 *   explore whose oracle is a laboratory that has not answered → waiting ──RETRY──→ explore
 *
 * The machine is pure: every engine call is a `fromPromise` actor declared here with a placeholder and
 * supplied by the composition root (or a test) through `campaignMachine.provide({ actors })`; `assign`
 * only computes context. The context is small JSON (indices, labels, metrics), so the persisted
 * snapshot is the whole checkpoint; the heavy data (features, models) are content-addressed artifacts
 * the actors reload, which is what makes re-running an in-flight actor after a restore harmless.
 */
import { assign, fromPromise, setup } from 'xstate';
import { AlcoveError, toSerializedError } from '../shared/errors.js';
import type {
  CampaignContext,
  CampaignEvent,
  CampaignPlan,
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  RoundRecord,
  TrainInput,
  TrainOutput,
} from './campaign-types.js';
import { ZERO_SECONDS } from './campaign-types.js';
import {
  acquiredNothing,
  alignedToLabeled,
  batchFailures,
  batchValues,
  callsLeft,
  nothingToAcquire,
  stopDecision,
} from './campaign-decisions.js';
import type { Stage } from '../shared/vocabulary.js';
import { initialContext } from './initial-context.js';

export { initialContext } from './initial-context.js';

function notProvided(stage: Stage): Promise<never> {
  return Promise.reject(new AlcoveError('INTERNAL', `no ${stage} actor was provided to the campaign machine`));
}

function addSeconds(ctx: CampaignContext, stage: Stage, seconds: number) {
  return { ...ctx.seconds, [stage]: ctx.seconds[stage] + seconds };
}

export const campaignMachine = setup({
  types: {
    context: {} as CampaignContext,
    events: {} as CampaignEvent,
    input: {} as CampaignPlan,
  },
  actors: {
    featurize: fromPromise<FeaturizeOutput, FeaturizeInput>(() => notProvided('featurize')),
    explore: fromPromise<ExploreOutput, ExploreInput>(() => notProvided('explore')),
    train: fromPromise<TrainOutput, TrainInput>(() => notProvided('train')),
    evaluate: fromPromise<EvaluateOutput, EvaluateInput>(() => notProvided('evaluate')),
  },
  actions: {
    recordFailure: assign((args, params: { stage: Stage }) => {
      const { event } = args as unknown as { event: { error?: unknown } };
      return { error: { ...toSerializedError(event.error), stage: params.stage } };
    }),
  },
  guards: {
    hasNoLabels: ({ context }) => context.labeled.length === 0,
    isFinished: ({ context }) => stopDecision(context).stop,
    cannotStart: ({ context, event }) =>
      context.labeled.length === 0 && acquiredNothing((event as unknown as { output: ExploreOutput }).output),
    oracleWaiting: ({ event }) => (event as unknown as { output: ExploreOutput }).output.waiting !== undefined,
    poolSpent: ({ event }) => acquiredNothing((event as unknown as { output: ExploreOutput }).output),
    batchFailedTooOften: ({ context, event }) => {
      const out = (event as unknown as { output: ExploreOutput }).output;
      return out.acquired.length > 0 && batchFailures(out) / out.acquired.length > context.plan.maxFailureRate;
    },
    failedIn: ({ context }, stage: Stage) => context.error?.stage === stage,
  },
}).createMachine({
  id: 'campaign',
  initial: 'idle',
  context: ({ input }) => initialContext(input),
  states: {
    idle: {
      on: { START: 'featurize' },
    },
    featurize: {
      invoke: {
        src: 'featurize',
        input: ({ context }) => ({ generation: context.generation }),
        onDone: [
          {
            guard: 'hasNoLabels',
            target: 'explore',
            actions: assign(({ context, event }) => ({
              invalid: event.output.invalid,
              seconds: addSeconds(context, 'featurize', event.output.seconds),
            })),
          },
          {
            target: 'train',
            actions: assign(({ context, event }) => ({
              invalid: event.output.invalid,
              seconds: addSeconds(context, 'featurize', event.output.seconds),
            })),
          },
        ],
        onError: { target: 'failed', actions: { type: 'recordFailure', params: { stage: 'featurize' } } },
      },
    },
    train: {
      invoke: {
        src: 'train',
        input: ({ context }) => ({ generation: context.generation, labeled: context.labeled, labels: context.labels }),
        onDone: {
          target: 'evaluate',
          actions: assign(({ context, event }) => ({
            modelKey: event.output.modelKey,
            seconds: addSeconds(context, 'train', event.output.seconds),
          })),
        },
        onError: { target: 'failed', actions: { type: 'recordFailure', params: { stage: 'train' } } },
      },
    },
    evaluate: {
      invoke: {
        src: 'evaluate',
        input: ({ context }) => {
          if (context.modelKey === null) throw new AlcoveError('INTERNAL', 'evaluate entered without a model');
          return {
            generation: context.generation,
            modelKey: context.modelKey,
            labeled: context.labeled,
            labels: context.labels,
            invalid: context.invalid ?? [],
            test: context.test,
            testLabels: context.testLabels,
            acquiredIn: context.acquiredIn,
            predicted: alignedToLabeled(context, context.predicted),
          };
        },
        onDone: {
          target: 'deciding',
          actions: assign(({ context, event }) => {
            const seconds = addSeconds(context, 'evaluate', event.output.seconds);
            const round: RoundRecord = {
              generation: context.generation,
              labeled: context.labeled.length,
              metrics: event.output.metrics,
              seconds,
            };
            return {
              history: [...context.history.filter((r) => r.generation !== round.generation), round],
              candidatesLeft: event.output.candidatesLeft,
              // A round without held-out predictions keeps the last ones (they name their generation).
              heldOut: event.output.heldOut ?? context.heldOut ?? null,
              seconds: ZERO_SECONDS,
            };
          }),
        },
        onError: { target: 'failed', actions: { type: 'recordFailure', params: { stage: 'evaluate' } } },
      },
    },
    deciding: {
      always: [
        {
          guard: 'isFinished',
          target: 'done',
          actions: assign(({ context }) => ({ stopReason: stopDecision(context).reason })),
        },
        { target: 'explore' },
      ],
    },
    explore: {
      invoke: {
        src: 'explore',
        input: ({ context }) => ({
          generation: context.labeled.length === 0 ? 0 : context.generation + 1,
          labeled: context.labeled,
          labels: context.labels,
          invalid: context.invalid ?? [],
          test: context.test,
          modelKey: context.labeled.length === 0 ? null : context.modelKey,
          callsLeft: callsLeft(context),
          predicted: context.predicted ?? [],
          predictedStd: context.predictedStd ?? [],
        }),
        onDone: [
          {
            // Nothing of the batch is applied: the explore runs again when results are told (`--tell`).
            guard: 'oracleWaiting',
            target: 'waiting',
            actions: assign(({ event }) => {
              const w = event.output.waiting;
              return {
                waiting: {
                  generation: event.output.generation,
                  file: w?.file ?? '',
                  pending: w?.pending ?? 0,
                  batch: w?.batch ?? 0,
                },
              };
            }),
          },
          {
            // No progress: nothing labeled yet means nothing can ever be; otherwise the pool is spent.
            guard: 'cannotStart',
            target: 'failed',
            actions: assign(({ context, event }) => ({
              oracleCalls: context.oracleCalls + event.output.oracleCalls,
              oracleFailures: context.oracleFailures + event.output.oracleFailures,
              error: nothingToAcquire(event.output),
            })),
          },
          {
            guard: 'poolSpent',
            target: 'done',
            actions: assign(({ context, event }) => ({
              oracleCalls: context.oracleCalls + event.output.oracleCalls,
              oracleFailures: context.oracleFailures + event.output.oracleFailures,
              stopReason: 'pool-exhausted' as const,
            })),
          },
          {
            // The batch is not kept: a retry re-runs this generation's acquisition and oracle calls.
            guard: 'batchFailedTooOften',
            target: 'failed',
            actions: assign(({ context, event }) => {
              const out = event.output;
              return {
                oracleCalls: context.oracleCalls + out.oracleCalls,
                oracleFailures: context.oracleFailures + out.oracleFailures,
                error: {
                  name: 'AlcoveError',
                  code: 'ORACLE_FAILED' as const,
                  message:
                    `${batchFailures(out)} of ${out.acquired.length} oracle calls failed in generation ` +
                    `${out.generation} (failures.max_rate allows ${Math.round(context.plan.maxFailureRate * 100)}%)`,
                  retryable: true,
                  stage: 'explore' as const,
                },
              };
            }),
          },
          {
            target: 'featurize',
            actions: assign(({ context, event }) => {
              const out = event.output;
              return {
                generation: out.generation,
                // Frozen: the checkpoint writer memoises the JSON of frozen arrays (checkpoint.ts).
                labeled: Object.freeze([...context.labeled, ...out.acquired]),
                labels: Object.freeze([...context.labels, ...out.labels]),
                acquiredIn: Object.freeze([...context.acquiredIn, ...out.acquired.map(() => out.generation)]),
                predicted: Object.freeze([
                  ...alignedToLabeled(context, context.predicted),
                  ...batchValues(out, 'predicted'),
                ]),
                predictedStd: Object.freeze([
                  ...alignedToLabeled(context, context.predictedStd),
                  ...batchValues(out, 'predictedStd'),
                ]),
                imported: (context.imported ?? 0) + (out.imported ?? 0),
                test: out.test ?? context.test,
                testLabels: out.testLabels ?? context.testLabels,
                oracleCalls: context.oracleCalls + out.oracleCalls,
                oracleFailures: context.oracleFailures + out.oracleFailures,
                seconds: addSeconds(context, 'explore', out.seconds),
              };
            }),
          },
        ],
        onError: { target: 'failed', actions: { type: 'recordFailure', params: { stage: 'explore' } } },
      },
    },
    failed: {
      on: {
        RETRY: [
          { guard: { type: 'failedIn', params: 'featurize' }, target: 'featurize', actions: assign({ error: null }) },
          { guard: { type: 'failedIn', params: 'train' }, target: 'train', actions: assign({ error: null }) },
          { guard: { type: 'failedIn', params: 'evaluate' }, target: 'evaluate', actions: assign({ error: null }) },
          { guard: { type: 'failedIn', params: 'explore' }, target: 'explore', actions: assign({ error: null }) },
        ],
      },
    },
    waiting: {
      on: { RETRY: { target: 'explore', actions: assign({ waiting: null }) } },
    },
    done: { type: 'final' },
  },
});

export type CampaignMachine = typeof campaignMachine;
