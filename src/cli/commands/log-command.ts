/**
 * `alcove log [FOLDER] [--json]`: the campaigns under a folder, newest first, one line each (status,
 * generation, labeled, headline metric), like `nextflow log`. A campaign whose views cannot be read is
 * named on stderr and left out; the others are listed.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCampaignStatus, type CampaignStatusView } from '../../records/campaign-status.js';
import { findCampaigns } from '../../records/find-campaigns.js';
import { AlcoveError, coerceError } from '../../shared/errors.js';
import { EXIT, type CommandContext } from '../command-context.js';
import { formatLog } from '../format-status.js';
import { shown } from '../show-path.js';
import { painter } from '../terminal.js';

export function logCommand(ctx: CommandContext): number {
  const root = resolve(ctx.args.positionals[0] ?? '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new AlcoveError('BAD_INPUT', `${shown(root)}: not a folder`);
  }
  const rows: CampaignStatusView[] = [];
  for (const dir of findCampaigns(root)) {
    try {
      rows.push(readCampaignStatus(dir, shown(dir)));
    } catch (error) {
      ctx.err(`alcove: warning: ${coerceError(error).message}`);
    }
  }
  rows.sort((a, b) => (b.updated_at ?? '').localeCompare(a.updated_at ?? '') || a.dir.localeCompare(b.dir));
  if (ctx.args.json) ctx.out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) ctx.out(`no campaigns under ${shown(root)}`);
  else for (const line of formatLog(rows, painter(ctx.terminal.color))) ctx.out(line);
  return EXIT.done;
}
