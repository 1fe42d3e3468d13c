/** What a sweep's result pages are built from: its status and the analysed rows. */
import type { BestResult, ComboSummary, FailedRun } from './summarise.js';
import type { SweepRow } from './sweep-row.js';
import type { SweepValue } from './sweep-schema.js';

export interface Utilisation {
  readonly threads: number;
  readonly wall_s: number;
  readonly busy_worker_s: number;
  readonly available_worker_s: number;
  /**
   * busy / available, in [0, 1]: busy is the time tasks were outstanding (up to one per thread), which counts a
   * task waiting for a core or for I/O as busy, and reads 100% whenever campaign tasks are always outstanding.
   */
  readonly ratio: number | null;
  /** The worker threads' own CPU time in their tasks (`/proc/thread-self/schedstat`); null where unknown. */
  readonly cpu_worker_s: number | null;
  /** cpu_worker_s / available, in [0, 1]: the utilisation to read. */
  readonly cpu_ratio: number | null;
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
