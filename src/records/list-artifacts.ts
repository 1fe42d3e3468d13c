import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ReportArtifact } from '../dashboard/report-input.js';
import { sha256 } from '../shared/hash.js';
import { statePaths } from '../state/state-files.js';

/**
 * Files under artifacts/, for the report's table: path, size and the sha256 of the bytes (what
 * `--verify` checks them against; an artifact's name is the hash of what it was computed from, not of
 * its bytes).
 */
export function listArtifacts(stateDir: string): ReportArtifact[] {
  const root = statePaths(stateDir).artifacts;
  const out: ReportArtifact[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (!name.startsWith('.')) {
        const path = relative(stateDir, full).split(sep).join('/');
        out.push({ path, bytes: st.size, sha256: sha256(readFileSync(full)) });
      }
    }
  };
  walk(root);
  return out;
}
