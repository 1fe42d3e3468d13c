/**
 * Reads every campaign first (a bad folder is refused before anything is written), then writes the page and
 * the plotly bundle next to it. Returns the page's path.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePlotlyBundle } from '../dashboard/plotly-asset.js';
import { AlcoveError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/write-file-atomic.js';
import { readComparedCampaign, type ComparedCampaign } from './read-compared-campaign.js';
import { renderComparePage } from './render-compare-page.js';

export const COMPARE_PAGE_FILE = 'compare.html';

export interface CompareOptions {
  /** Absolute state folders and how to name them. */
  readonly dirs: readonly { readonly path: string; readonly shown: string }[];
  /** The page to write (a folder: compare.html in it). */
  readonly out: string;
  readonly plotlySource?: string;
  /** Checks the page's folder can be written, before anything is (throws a named error when not). */
  readonly check?: (folder: string) => void;
}

/** The page's path: `out` itself, or compare.html inside when `out` is a folder. */
export function comparePagePath(out: string): string {
  return existsSync(out) && statSync(out).isDirectory() ? join(out, COMPARE_PAGE_FILE) : out;
}

export function writeComparePage(options: CompareOptions): {
  readonly page: string;
  readonly campaigns: ComparedCampaign[];
} {
  if (options.dirs.length === 0) throw new AlcoveError('BAD_CONFIG', 'compare needs at least one state folder');
  const campaigns = options.dirs.map((d) => readComparedCampaign(d.path, d.shown));
  const page = comparePagePath(options.out);
  const html = renderComparePage(campaigns);
  options.check?.(dirname(page));
  mkdirSync(dirname(page), { recursive: true });
  if (options.plotlySource === undefined) ensurePlotlyBundle(dirname(page));
  else ensurePlotlyBundle(dirname(page), options.plotlySource);
  writeFileAtomic(page, html, { durable: false });
  return { page, campaigns };
}
