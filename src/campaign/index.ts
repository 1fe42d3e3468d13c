export { runCampaign, type RunCampaignOptions, type RunCampaignResult } from './run-campaign.js';
export { driveCampaign, type DriveOptions, type DriveResult, type DriveStatus } from './drive-campaign.js';
export { toActors } from './campaign-actors.js';
export { createStageDeps, type CampaignRuntime } from './create-stage-deps.js';
export { createInjectors, type Injectors } from './create-injectors.js';
export { formatRound } from './format-round.js';
export { createCampaignStages, type CampaignStages, type StageDeps } from './stages/index.js';
