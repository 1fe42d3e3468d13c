/**
 * Writes `status.html` (and, once, `plotly.min.js`) into a state folder, atomically, so that a browser
 * reloading at any moment sees a whole page. `createStatusPageWriter` throttles the rewrites: the runner
 * forces one after every transition and may call it as often as it likes during long stages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../shared/clock.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { buildPageModel } from './page-model.js';
import { ensurePlotlyBundle } from './plotly-asset.js';
import { renderStatusPage, type RenderStatusPageOptions } from './render-status-page.js';
import type { StatusInput } from './status-input.js';

export const STATUS_PAGE_FILE = 'status.html';

export interface WriteStatusPageOptions extends RenderStatusPageOptions {
  /** The plotly bundle to copy; default the installed package's (see `plotly-asset.ts`). */
  readonly plotlySource?: string;
}

export function writeStatusPage(dir: string, input: StatusInput, options: WriteStatusPageOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  if (options.plotlySource === undefined) ensurePlotlyBundle(dir);
  else ensurePlotlyBundle(dir, options.plotlySource);
  // A view rebuilt from durable state on every transition: atomic rename, no fsync (it cost ~4 ms a write).
  writeFileAtomic(join(dir, STATUS_PAGE_FILE), renderStatusPage(buildPageModel(input), options), { durable: false });
}

export interface StatusPageWriterOptions extends WriteStatusPageOptions {
  /** Least time between two unforced writes; default 2000 ms. */
  readonly minIntervalMs?: number;
  readonly clock?: Clock;
  /** The writer; default `writeStatusPage`. For tests. */
  readonly writePage?: (dir: string, input: StatusInput, options: WriteStatusPageOptions) => void;
}

export interface StatusPageWriter {
  /**
   * Writes the page now if `force` or if `minIntervalMs` have passed since the last write; otherwise keeps
   * `input` as pending (the newest wins). Returns whether it wrote.
   */
  write(input: StatusInput, options?: { readonly force?: boolean }): boolean;
  /** Writes the pending input, if any (e.g. when the campaign ends). Returns whether it wrote. */
  flush(): boolean;
  /** Whether an input is waiting for the next write. */
  readonly pending: boolean;
}

export function createStatusPageWriter(dir: string, options: StatusPageWriterOptions = {}): StatusPageWriter {
  const { minIntervalMs = 2000, clock = systemClock, writePage = writeStatusPage, ...pageOptions } = options;
  let lastWrite: number | null = null;
  let pending: StatusInput | null = null;
  const writeNow = (input: StatusInput): true => {
    pending = null;
    writePage(dir, input, pageOptions);
    // Stamped after the write, so that a slow write does not eat into the next interval.
    lastWrite = clock.monotonic();
    return true;
  };
  return {
    write(input, { force = false } = {}) {
      if (force || lastWrite === null || clock.monotonic() - lastWrite >= minIntervalMs) return writeNow(input);
      pending = input;
      return false;
    },
    flush() {
      return pending === null ? false : writeNow(pending);
    },
    get pending() {
      return pending !== null;
    },
  };
}
