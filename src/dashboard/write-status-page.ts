/**
 * Writes `status.html` (and, once, `plotly.min.js`) into a state folder, atomically, so that a browser
 * reloading at any moment sees a whole page. How often is the runner's business (see the recorder).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { buildPageModel } from './page-model.js';
import { ensurePlotlyBundle } from './plotly-asset.js';
import { renderStatusPage, type RenderStatusPageOptions } from './render-status-page.js';
import type { StatusInput } from './status-input.js';
import { STATE_FILES } from '../state/state-files.js';

export const STATUS_PAGE_FILE = STATE_FILES.statusPage;

export interface WriteStatusPageOptions extends RenderStatusPageOptions {
  /** The plotly bundle to copy; default the installed package's (see `plotly-asset.ts`). */
  readonly plotlySource?: string;
}

export function writeStatusPage(dir: string, input: StatusInput, options: WriteStatusPageOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  if (options.plotlySource === undefined) ensurePlotlyBundle(dir);
  else ensurePlotlyBundle(dir, options.plotlySource);
  // A view rebuilt from durable state on every transition: atomic rename, no fsync (a lost page is
  // rebuilt at the next transition; an fsync each time is not free, see bench/README.md).
  writeFileAtomic(join(dir, STATUS_PAGE_FILE), renderStatusPage(buildPageModel(input), options), { durable: false });
}
