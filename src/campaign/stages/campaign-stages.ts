import type {
  EvaluateInput,
  EvaluateOutput,
  ExploreInput,
  ExploreOutput,
  FeaturizeInput,
  FeaturizeOutput,
  TrainInput,
  TrainOutput,
} from '../../machine/campaign-types.js';
import { evaluate } from './evaluate.js';
import { explore } from './explore.js';
import { featurize } from './featurize.js';
import type { StageDeps } from './stage-deps.js';
import { train } from './train.js';

/**
 * The engine side of the campaign machine: one async function per stage. Each is idempotent: xstate
 * re-runs an in-flight actor when a snapshot is restored, so every result is either deterministic from
 * (config, seed, generation) or a content-addressed artifact that the re-run finds again.
 */
export interface CampaignStages {
  featurize(input: FeaturizeInput, signal: AbortSignal): Promise<FeaturizeOutput>;
  explore(input: ExploreInput, signal: AbortSignal): Promise<ExploreOutput>;
  train(input: TrainInput, signal: AbortSignal): Promise<TrainOutput>;
  evaluate(input: EvaluateInput, signal: AbortSignal): Promise<EvaluateOutput>;
}

export function createCampaignStages(deps: StageDeps): CampaignStages {
  return {
    featurize: (input, signal) => featurize(deps, input, signal),
    explore: (input, signal) => explore(deps, input, signal),
    train: (input, signal) => train(deps, input, signal),
    evaluate: (input, signal) => evaluate(deps, input, signal),
  };
}
