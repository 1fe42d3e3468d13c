import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ReportArtifact } from '../dashboard/report-input.js';
import { statePaths } from '../state/state-files.js';

/** Files under artifacts/, for the report's links. */
export function listArtifacts(stateDir: string): ReportArtifact[] {
  const root = statePaths(stateDir).artifacts;
  const out: ReportArtifact[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (!name.startsWith('.')) out.push({ path: relative(stateDir, full).split(sep).join('/'), bytes: st.size });
    }
  };
  walk(root);
  return out;
}
