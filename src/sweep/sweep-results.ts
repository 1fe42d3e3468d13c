/** What a sweep's result pages are built from: its status and the analysed rows. */
import type { BestResult, ComboSummary, FailedRun } from './summarise.js';
import type { SweepRow } from './sweep-row.js';
import type { SweepValue } from './sweep-schema.js';

export interface Utilisation {
  readonly threads: number;
  readonly wall_s: number;
  readonly busy_worker_s: number;
  readonly available_worker_s: number;
  /** busy / available, in [0, 1]. */
  readonly ratio: number | null;
}

export interface HeldInfo {
  readonly id: string;
  readonly params: Readonly<Record<string, SweepValue>>;
  readonly seed: number;
  readonly until: string;
  readonly reason: string;
}

export interface SweepStatusInfo {
  readonly name: string;
  readonly metric: string;
  readonly goal: 'maximize' | 'minimize';
  readonly total: number;
  readonly state: 'running' | 'done' | 'interrupted' | 'holding';
  readonly utilisation: Utilisation | null;
  readonly held: readonly HeldInfo[];
  readonly plots: { readonly x?: string; readonly y?: string; readonly facet?: string; readonly curves?: string };
  readonly paramKeys: readonly string[];
  readonly notes: readonly string[];
}

export interface SweepResults {
  readonly rows: readonly SweepRow[];
  readonly combos: readonly ComboSummary[];
  readonly best: BestResult | null;
  readonly failed: readonly FailedRun[];
}
