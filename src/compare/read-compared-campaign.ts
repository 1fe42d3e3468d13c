/**
 * One campaign of `alcove compare`, read from its state folder without writing to it: `summary.json` (its
 * rounds and headline), the first line of `audit.jsonl` (the run's config: name, model, strategy, generations)
 * and the pool size for the random baseline. A folder that is not a campaign's is refused, named.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AlcoveError } from '../shared/errors.js';
import { poolSizeOf } from '../state/pool-size.js';
import { statePaths } from '../state/state-files.js';
import { readJsonFile } from './read-json-file.js';

export interface ComparedPoint {
  readonly generation: number;
  readonly labeled: number;
  readonly value: number | null;
}

export interface ComparedCampaign {
  /** The folder as the user named it. */
  readonly dir: string;
  readonly name: string;
  readonly status: string;
  readonly model: string | null;
  readonly strategy: string | null;
  /** Generations finished, and planned (null when the audit trail does not say). */
  readonly generation: number;
  readonly generations: number | null;
  readonly labeled: number;
  readonly headline: string;
  readonly headlineValue: number | null;
  readonly points: readonly ComparedPoint[];
  /** Molecules it could acquire; null when unknown (no baseline then). */
  readonly pool: number | null;
}

const summarySchema = z.object({
  status: z.string(),
  generation: z.int(),
  labeled: z.int(),
  headline: z.string().optional(),
  dataset: z.object({ rows: z.number(), invalid: z.number() }).partial().optional(),
  history: z.array(
    z.object({ generation: z.int(), labeled: z.int(), metrics: z.record(z.string(), z.number().nullable()) }),
  ),
});

const runStartSchema = z.object({
  type: z.literal('run-start'),
  config: z
    .object({
      name: z.string().optional(),
      model: z.object({ kind: z.string() }).partial().optional(),
      acquisition: z.object({ strategy: z.string() }).partial().optional(),
      campaign: z.object({ generations: z.number() }).partial().optional(),
      dataset: z.object({ subsample: z.number().nullable() }).partial().optional(),
    })
    .optional(),
});

/** The audit trail's first line (the run-start event) without reading the whole file; null when absent. */
function firstLine(path: string, maxBytes = 1 << 20): string | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(maxBytes, 64 * 1024));
    let text = '';
    for (let pos = 0; pos < maxBytes;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      text += buf.toString('utf8', 0, n);
      pos += n;
      const nl = text.indexOf('\n');
      if (nl >= 0) return text.slice(0, nl);
    }
    return text === '' ? null : text;
  } finally {
    closeSync(fd);
  }
}

function runConfig(auditFile: string): z.infer<typeof runStartSchema>['config'] {
  const line = firstLine(auditFile);
  if (line === null) return undefined;
  try {
    const parsed = runStartSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data.config : undefined;
  } catch (error) {
    // A torn first line: the table shows "–" for what the config would have said.
    void error;
    return undefined;
  }
}

export function readComparedCampaign(dir: string, shown: string): ComparedCampaign {
  const paths = statePaths(dir);
  if (!existsSync(dir)) throw new AlcoveError('BAD_INPUT', `${shown}: no such folder`);
  if (!existsSync(paths.summary)) {
    const why = existsSync(paths.checkpoint)
      ? 'its campaign has not finished a round yet (no summary.json)'
      : existsSync(join(dir, 'sweep.json'))
        ? `is a sweep folder; compare its runs (${shown}/runs/*) or open its sweep.html`
        : 'not a campaign state folder (no summary.json; alcove run --state-dir writes one)';
    throw new AlcoveError('BAD_INPUT', `${shown}: ${why}`);
  }
  const parsed = summarySchema.safeParse(readJsonFile(paths.summary, `${shown}/summary.json`));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AlcoveError(
      'BAD_INPUT',
      `${shown}/summary.json: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  const s = parsed.data;
  const config = runConfig(paths.audit);
  const last = s.history.at(-1)?.metrics ?? {};
  const headline = s.headline ?? ('topk_scores' in last ? 'topk_scores' : (Object.keys(last)[0] ?? 'none'));
  const value = (m: Readonly<Record<string, number | null>>) => {
    const v = m[headline];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  return {
    dir: shown,
    name: config?.name ?? basename(dir),
    status: s.status,
    model: config?.model?.kind ?? null,
    strategy: config?.acquisition?.strategy ?? null,
    generation: s.generation,
    generations: config?.campaign?.generations ?? null,
    labeled: s.labeled,
    headline,
    headlineValue: value(last),
    points: s.history.map((r) => ({ generation: r.generation, labeled: r.labeled, value: value(r.metrics) })),
    // Without the config, a subsample is not known: no baseline rather than a wrong one.
    pool: config === undefined ? null : poolSizeOf(dir, s.dataset, config.dataset?.subsample),
  };
}
