/**
 * Alcove as a library (`import { runCampaign } from 'alcove'`): load and validate a config, build the
 * worker pools, run a campaign in a state folder and observe it through its events. The seams a program
 * may implement are exported as types: Surrogate (the model), Oracle (what labels molecules) and Executor
 * (what runs engine tasks). examples/library/run-campaign.ts is a worked example.
 */
export { runCampaign, type RunCampaignOptions, type RunCampaignResult } from './campaign/run-campaign.js';
export { loadConfig, parseConfigText, type LoadConfigOptions, type LoadedConfig } from './config/load-config.js';
export {
  campaignConfigSchema,
  type AcquisitionConfig,
  type AcquisitionStrategy,
  type CampaignConfig,
  type CampaignConfigInput,
  type DatasetConfig,
  type FeaturizerConfig,
  type ModelConfig,
} from './config/campaign-schema.js';
export type { Limits, LimitProfile } from './config/limits-schema.js';
export { configJsonSchema, SCHEMA_KINDS, type SchemaKind } from './config/json-schema.js';
export { loadSweep } from './sweep/load-sweep.js';
export { runSweep } from './sweep/run-sweep.js';
export type { CampaignEventMap } from './events/campaign-events.js';
export type { AttemptRecord } from './events/attempt-record.js';
export type { CampaignContext, RoundRecord } from './machine/campaign-types.js';
export type { Prediction, Surrogate, TrainedModel, TrainingSet } from './models/surrogate.js';
export { createSurrogate } from './models/create-surrogate.js';
export type { Oracle } from './oracles/oracle.js';
export type { Exec, Executor } from './pool/executor.js';
export { createLocalExecutor, type LocalExecutorOptions } from './pool/local-executor.js';
export { createPoolSet, type PoolSet } from './pool/pool-set.js';
export type { CallProgress } from './pool/progress-tally.js';
export { readCampaignStatus, type CampaignStatusView } from './records/campaign-status.js';
export { createFakeClock, systemClock, type Clock, type FakeClock } from './shared/clock.js';
export { AlcoveError, type ErrorCode } from './shared/errors.js';
export { createEventBus, type EventBus } from './shared/event-bus.js';
export { acquireStateLock, type StateLock } from './state/state-lock.js';
export type { Summary } from './state/campaign-db.js';
