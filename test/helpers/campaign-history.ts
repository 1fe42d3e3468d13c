/** Reading a campaign's state folder in kill/resume tests: its summary, its science, its checkpoint's rounds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Summary {
  status: string;
  history: { generation: number; labeled: number; metrics: Record<string, number | null>; seconds?: unknown }[];
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** What must match between a resumed and an uninterrupted run (timings may differ). */
export const science = (s: Summary) =>
  s.history.map(({ generation, labeled, metrics }) => ({ generation, labeled, metrics }));

/** Rounds in the folder's checkpoint; -1 before the first one is written. */
export function checkpointGeneration(stateDir: string): number {
  try {
    return readJson<{ snapshot: { context: { history: unknown[] } } }>(join(stateDir, 'state.json')).snapshot.context
      .history.length;
  } catch {
    return -1; // not written yet
  }
}

/** The molecules a campaign acquired, with their labels, in order (its `db.json`). */
export const acquisitions = (stateDir: string): unknown[] =>
  readJson<{ acquisitions: unknown[] }>(join(stateDir, 'db.json')).acquisitions;
