/**
 * The research report as text: `report.md` for a lab notebook and the `learning-curve.svg` it embeds.
 * Pure (paths are only turned into relative links), so that it is tested without touching the disk.
 */
import { isAbsolute, relative } from 'node:path';
import { stringify } from 'yaml';
import { formatDateTimeUtc, formatDuration, formatMetric } from './format.js';
import { renderLearningCurveSvg } from './learning-curve-svg.js';
import { codeBlock, escapeMarkdown, inlineCode, linkTarget, markdownTable } from './markdown.js';
import { FAILURE_CLASSES, roundSeconds, STAGE_NAMES } from './display-order.js';
import type { ReportInput } from './report-input.js';

export const LEARNING_CURVE_FILE = 'learning-curve.svg';

/** Metric columns in a fixed, readable order; metrics not listed here follow alphabetically. */
const METRIC_ORDER = [
  'r2',
  'rmse',
  'mae',
  'spearman',
  'roc_auc',
  'pr_auc',
  'accuracy',
  'topk_smiles',
  'topk_scores',
] as const;

export function metricColumns(input: Pick<ReportInput, 'history' | 'headline'>): string[] {
  const seen = new Set<string>();
  for (const r of input.history) for (const k of Object.keys(r.metrics)) seen.add(k);
  const rest = [...seen].filter((k) => !(METRIC_ORDER as readonly string[]).includes(k) && k !== input.headline).sort();
  const ordered = METRIC_ORDER.filter((k) => seen.has(k) && k !== input.headline);
  return [...(seen.has(input.headline) || input.history.length === 0 ? [input.headline] : []), ...ordered, ...rest];
}

/** snake_case names stay readable (intraword `_` is not emphasis); anything else is escaped. */
function metricName(name: string): string {
  return /^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$/.test(name) ? name : escapeMarkdown(name);
}

export function metricsTable(input: Pick<ReportInput, 'history' | 'headline' | 'randomBaseline'>): string {
  const cols = metricColumns(input);
  const hasBaseline = input.randomBaseline.some((v) => v !== null && Number.isFinite(v));
  const header = [
    'generation',
    'labeled',
    ...cols.map((c) => (c === input.headline ? `**${metricName(c)}**` : metricName(c))),
  ];
  if (hasBaseline) header.push(`random ${metricName(input.headline)}`);
  const rows = input.history.map((r, i) => {
    const row = [String(r.generation), String(r.labeled), ...cols.map((c) => formatMetric(r.metrics[c]))];
    if (hasBaseline) row.push(formatMetric(input.randomBaseline[i]));
    return row;
  });
  return markdownTable(
    header,
    rows,
    header.map(() => 'right'),
  );
}

export function timingsTable(input: Pick<ReportInput, 'history'>): string {
  const header = ['generation', ...STAGE_NAMES, 'total'];
  const sec = (v: number) => v.toFixed(1);
  const rows = input.history.map((r) => [
    String(r.generation),
    ...STAGE_NAMES.map((s) => sec(r.seconds[s])),
    sec(roundSeconds(r)),
  ]);
  if (input.history.length > 0) {
    const total = (f: (r: ReportInput['history'][number]) => number) =>
      sec(input.history.reduce((a, r) => a + f(r), 0));
    rows.push(['**all**', ...STAGE_NAMES.map((s) => total((r) => r.seconds[s])), total(roundSeconds)]);
  }
  return markdownTable(
    header,
    rows,
    header.map(() => 'right'),
  );
}

/** Failure classes in the contract's order; unknown ones after them. */
function classRank(cls: string): number {
  const i = (FAILURE_CLASSES as readonly string[]).indexOf(cls);
  return i < 0 ? FAILURE_CLASSES.length : i;
}

export function tasksTable(input: Pick<ReportInput, 'tasks'>): string {
  const rows = [...input.tasks]
    .sort((a, b) => a.generation - b.generation)
    .flatMap((round) =>
      Object.entries(round.stages).map(([stage, s]) => {
        const failed = Object.entries(s.failed)
          .filter((e): e is [string, number] => e[1] !== undefined && e[1] > 0)
          .sort((a, b) => classRank(a[0]) - classRank(b[0]))
          .map(([cls, n]) => `${escapeMarkdown(cls)} ${n}`)
          .join(', ');
        return [
          String(round.generation),
          escapeMarkdown(stage),
          String(s.ok),
          String(s.retried),
          failed === '' ? '0' : failed,
        ];
      }),
    );
  return markdownTable(['generation', 'stage', 'ok', 'retried', 'failed'], rows, [
    'right',
    'left',
    'right',
    'right',
    'left',
  ]);
}

function artifactLink(dir: string, path: string): string {
  const rel = isAbsolute(path) ? relative(dir, path) : path;
  const shown = rel.split(/[\\/]/).join('/');
  return `[${escapeMarkdown(shown)}](${linkTarget(shown)})`;
}

export interface RenderedReport {
  readonly markdown: string;
  readonly svg: string;
}

function learningCurveSvg(input: ReportInput): string {
  return renderLearningCurveSvg({
    title: `${input.campaign.name}: ${input.headline} vs labeled molecules`,
    xTitle: 'labeled molecules',
    yTitle: input.headline,
    headline: input.history.map((r) => ({ x: r.labeled, y: r.metrics[input.headline] ?? null })),
    baseline: input.history.flatMap((r, i) => {
      const b = input.randomBaseline[i];
      return b === null || b === undefined || !Number.isFinite(b) ? [] : [{ x: r.labeled, y: b }];
    }),
  });
}

/** The title, the campaign's card and, when it failed or was interrupted, why. */
function summarySection(input: ReportInput): string[] {
  const c = input.campaign;
  const elapsed = Math.max(0, (input.now - input.startedAt) / 1000);
  const status =
    input.status === 'done' && input.stopReason !== null
      ? `done (stopped: ${escapeMarkdown(input.stopReason)})`
      : escapeMarkdown(input.status);
  const md = [`# Alcove report: ${escapeMarkdown(c.name)}`, ''];
  md.push(
    markdownTable(
      ['campaign', escapeMarkdown(c.name)],
      [
        ['status', status],
        ['task', `${escapeMarkdown(c.task)}, ${escapeMarkdown(c.objective)}`],
        ['strategy', escapeMarkdown(c.strategy)],
        ['generation', `${input.generation} of ${input.generations}`],
        ['labeled', `${input.labeled} of ${input.budget} (pool ${input.poolSize})`],
        ['started', `${formatDateTimeUtc(input.startedAt)} UTC`],
        ['written', `${formatDateTimeUtc(input.now)} UTC (elapsed ${formatDuration(elapsed)})`],
      ],
    ),
    '',
  );
  if (input.status === 'failed' || input.status === 'interrupted') {
    const reason = input.failures[input.failures.length - 1];
    const what = input.status === 'failed' ? 'Failed' : 'Interrupted';
    md.push(`> **${what}:** ${reason === undefined ? 'no reason recorded' : escapeMarkdown(reason)}`, '');
  }
  return md;
}

/** Dataset, configuration and seed: what reproduces the campaign. */
function provenanceSection(input: ReportInput): string[] {
  const { dataset } = input;
  return [
    '## Dataset',
    '',
    markdownTable(
      ['path', 'sha256', 'rows', 'invalid SMILES'],
      [[inlineCode(dataset.path), inlineCode(dataset.sha256), String(dataset.rows), String(dataset.invalid)]],
      ['left', 'left', 'right', 'right'],
    ),
    '',
    '## Configuration',
    '',
    `Config file ${inlineCode(input.campaign.configFile)}, resolved config sha256 ${inlineCode(input.configSha256)}:`,
    '',
    codeBlock(stringify(input.config ?? null), 'yaml'),
    '',
    '## Seeds',
    '',
    `- campaign seed: ${inlineCode(String(input.seed))}; every random stream (splits, acquisition, models) is ` +
      'derived from it and its purpose, so the same config and seed reproduce this campaign.',
    '',
  ];
}

/** The PNG figures, where they were rendered; else how to get them. */
function figuresSection(input: ReportInput): string[] {
  const figures = input.figures ?? [];
  if (figures.length > 0) {
    return ['## Figures', '', ...figures.flatMap((f) => [`![${escapeMarkdown(f.title)}](${f.file})`, '']), ''];
  }
  const why = input.figuresSkipped === undefined ? '' : ` (not rendered: ${escapeMarkdown(input.figuresSkipped)})`;
  return [
    `_PNG figures of the parity, calibration and label plots: \`alcove run --report --state-dir DIR\` where ` +
      `Chromium is installed${why}; \`status.html\` has them live._`,
    '',
  ];
}

/** Learning curve, metrics, failures and timings, round by round. */
function roundsSection(input: ReportInput): string[] {
  const noRounds = '_No finished rounds._';
  return [
    '## Learning curve',
    '',
    `![${escapeMarkdown(input.headline)} vs labeled molecules](${LEARNING_CURVE_FILE})`,
    '',
    ...figuresSection(input),
    '## Metrics per round',
    '',
    input.history.length === 0 ? noRounds : metricsTable(input),
    '',
    '## Failures and retries',
    '',
    input.tasks.length === 0 ? '_No tasks recorded._' : tasksTable(input),
    '',
    ...(input.failures.length === 0 ? ['No failures.'] : input.failures.map((f) => `- ${escapeMarkdown(f)}`)),
    '',
    '## Timings per stage (seconds)',
    '',
    input.history.length === 0 ? noRounds : timingsTable(input),
    '',
  ];
}

function bestTable(input: ReportInput): string {
  if (input.best.length === 0) return '_None yet._';
  const prediction = (p: number | null | undefined, std: number | null | undefined) =>
    p === null || p === undefined
      ? '—'
      : `${formatMetric(p)}${std === null || std === undefined ? '' : ` ± ${formatMetric(std)}`}`;
  return markdownTable(
    ['#', 'id', 'SMILES', escapeMarkdown(input.label?.name ?? 'label'), 'predicted at acquisition', 'generation'],
    input.best
      .slice(0, 10)
      .map((b, i) => [
        String(i + 1),
        escapeMarkdown(b.id),
        inlineCode(b.smiles),
        formatMetric(b.label),
        prediction(b.predicted, b.predictedStd),
        b.generation === undefined ? '' : String(b.generation),
      ]),
    ['right', 'left', 'left', 'right', 'right', 'right'],
  );
}

function artifactsTable(dir: string, input: ReportInput): string {
  if (input.artifacts.length === 0) return '_None._';
  return markdownTable(
    ['file', 'bytes', 'sha256'],
    input.artifacts.map((a) => [
      artifactLink(dir, a.path),
      a.bytes === undefined ? '' : String(a.bytes),
      a.sha256 === undefined ? '' : inlineCode(a.sha256),
    ]),
    ['left', 'right', 'left'],
  );
}

/** `dir` is the folder the report is written to (for relative artifact links). */
export function renderReport(dir: string, input: ReportInput): RenderedReport {
  const md = [
    ...summarySection(input),
    ...provenanceSection(input),
    ...roundsSection(input),
    '## Best molecules',
    '',
    ...(input.label === undefined ? [] : [`Label: ${escapeMarkdown(input.label.source)}.`, '']),
    bestTable(input),
    '',
    '## Artifacts',
    '',
    artifactsTable(dir, input),
    '',
  ];
  return { markdown: md.join('\n'), svg: learningCurveSvg(input) };
}
