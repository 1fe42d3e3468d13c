/**
 * The bench's Alcove-only workloads that are too long for every run, run only when named in `--only`:
 * `scale-2m` (the library-2m series and its variants), `scale-series` (its points up to 500k) and
 * `sweep-1000` (its campaigns as campaign tasks) and `sweep-1000-pooled` (the same on the engine pool). Each prints its table; the results go to the bench's results file.
 */
import type { BenchArgs } from './bench-args.js';
import { formatMarkdownTable, formatTable } from './format-table.js';
import { runScale2m } from './scale-2m.js';
import { SCALE_HEADERS, scaleRows, scaleTargets } from './scale-2m-rows.js';
import { runSweep1000, sweepHeaders, sweepRows } from './sweep-1000.js';

export const STANDALONE_WORKLOADS = ['scale-2m', 'scale-series', 'sweep-1000', 'sweep-1000-pooled'] as const;

export interface StandaloneOptions {
  readonly benchDir: string;
  readonly repoRoot: string;
  readonly tmp: string;
  readonly say: (line: string) => void;
  readonly args: BenchArgs;
}

export async function runStandalone(ids: readonly string[], o: StandaloneOptions): Promise<Record<string, unknown>> {
  const child = { benchDir: o.benchDir, repoRoot: o.repoRoot, cpuProfDir: o.args.cpuProfDir, echo: o.args.verbose };
  const out: Record<string, unknown> = {};
  for (const id of ids) {
    if (id === 'scale-2m' || id === 'scale-series') {
      const result = await runScale2m({
        ...child,
        tmp: o.tmp,
        say: o.say,
        ...(id === 'scale-series'
          ? { sizes: [50_000, 200_000, 500_000] }
          : {
              variants: [
                { model: 'network', prune: false },
                { model: 'forest', prune: true },
                { model: 'network', prune: true },
              ],
            }),
      });
      const rows = scaleRows(result);
      o.say('');
      o.say(formatTable(SCALE_HEADERS, rows));
      out[id] = { ...result, targets: scaleTargets(result), markdown: formatMarkdownTable(SCALE_HEADERS, rows) };
    } else if (id === 'sweep-1000' || id === 'sweep-1000-pooled') {
      const campaignTasks = id === 'sweep-1000' ? 'auto' : 'never';
      const result = await runSweep1000({ repoRoot: o.repoRoot, tmp: o.tmp, say: o.say, campaignTasks });
      const rows = sweepRows(result);
      o.say('');
      o.say(formatTable(sweepHeaders(id), rows));
      out[id] = { ...result, markdown: formatMarkdownTable(sweepHeaders(id), rows) };
    }
  }
  return out;
}
