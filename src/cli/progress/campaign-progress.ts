/**
 * The run command's progress: an event bus for the campaign with the progress view subscribed (unless
 * --quiet), and the `log` that prints lines around the live line.
 */
import type { CampaignConfig } from '../../config/campaign-schema.js';
import type { CampaignEventMap } from '../../events/campaign-events.js';
import { createEventBus, type EventBus } from '../../shared/event-bus.js';
import type { CommandContext } from '../command-context.js';
import { createProgressView } from './progress-view.js';

export interface CampaignProgress {
  readonly events: EventBus<CampaignEventMap>;
  readonly log: (line: string) => void;
  readonly close: () => void;
}

export function startCampaignProgress(ctx: CommandContext, config: CampaignConfig): CampaignProgress {
  const events = createEventBus<CampaignEventMap>();
  if (ctx.args.quiet) return { events, log: ctx.log, close: () => undefined };
  const view = createProgressView({
    events,
    clock: ctx.clock,
    terminal: ctx.terminal,
    write: ctx.write,
    out: ctx.log,
    units: {
      featurize: 'molecules',
      train: config.model.kind === 'mlp' ? 'networks' : 'trees',
      predict: 'molecules',
      oracle: 'molecules',
      steps: 'epochs',
    },
    verbose: ctx.args.verbose,
  });
  return { events, log: view.log, close: view.close };
}
