/**
 * The campaigns under a folder, for `alcove log`: every state folder (one holding a checkpoint or a summary)
 * within a few levels, a sweep's runs (`DIR/runs/<id>/`) included. Dependency, VCS and artifact folders are
 * not entered, nor is a campaign's own folder (its `*.old-*` siblings are found as campaigns of their own).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_FILES } from '../state/state-files.js';
import { isCampaignFolder } from './campaign-status.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', STATE_FILES.artifacts]);

/** State folders under `root` (itself included), at most `depth` levels down, in path order. */
export function findCampaigns(root: string, depth = 4): string[] {
  const found: string[] = [];
  const walk = (dir: string, level: number) => {
    if (isCampaignFolder(dir)) {
      found.push(dir);
      return;
    }
    if (level >= depth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // A folder we may not read is skipped: the listing is of what can be seen.
      if ((error as { code?: unknown }).code === 'EACCES') return;
      throw error;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP.has(e.name)) walk(join(dir, e.name), level + 1);
    }
  };
  walk(root, 0);
  return found;
}
