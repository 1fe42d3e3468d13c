/**
 * The stages as xstate actors, for `campaignMachine.provide({ actors })`: each stage function
 * (stages/) becomes a `fromPromise` actor that gets the machine's input and abort signal.
 */
import { setMaxListeners } from 'node:events';
import { fromPromise } from 'xstate';
import type {
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  TrainInput,
  TrainOutput,
} from '../machine/campaign-types.js';
import type { CampaignStages } from './stages/campaign-stages.js';

export function toActors(stages: CampaignStages) {
  // One stage fans out into many pool tasks that all listen to the stage's abort signal.
  const fanOut = (signal: AbortSignal) => {
    setMaxListeners(0, signal);
    return signal;
  };
  // xstate starts an invoked actor inside the transition, before the observers that write the
  // checkpoint. Each stage first yields to the event loop (a macrotask, not just a microtask), so its
  // work begins after the transition is checkpointed, and so that stages answering at once (a feature
  // cache hit, an empty batch) never chain transitions in microtasks only: signals, timers and I/O
  // callbacks run between any two transitions, and SIGINT/SIGTERM always interrupt.
  const after = async <T>(run: () => Promise<T>): Promise<T> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
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
