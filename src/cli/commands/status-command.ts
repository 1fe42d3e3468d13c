/** `alcove status [DIR] [--json]`: how the campaign in a state folder stands (never writes). */
import { resolve } from 'node:path';
import { readCampaignStatus } from '../../records/campaign-status.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { formatStatus } from '../format-status.js';
import { shown } from '../show-path.js';
import { painter } from '../terminal.js';

export function statusCommand(ctx: CommandContext): number {
  const dir = resolve(ctx.args.positionals[0] ?? ctx.args.stateDir);
  const status = readCampaignStatus(dir, shown(dir));
  if (ctx.args.json) ctx.out(JSON.stringify(status, null, 2));
  else for (const line of formatStatus(status, painter(ctx.terminal.color))) ctx.out(line);
  return EXIT.done;
}
