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
