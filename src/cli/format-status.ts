/** `alcove status` and `alcove log` as text: one block per campaign, or one line each. */
import type { CampaignStatusView } from '../records/campaign-status.js';
import type { Style } from './terminal.js';

export type Paint = (style: Style, text: string) => string;

const STATUS_STYLE: Readonly<Record<string, Style>> = {
  done: 'green',
  failed: 'red',
  interrupted: 'yellow',
  running: 'cyan',
  starting: 'cyan',
};

const num = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));

export function formatHeadline(s: CampaignStatusView): string {
  return s.headline === null ? '–' : `${s.headline.metric} ${num(s.headline.value)}`;
}

function statusWord(s: CampaignStatusView, paint: Paint): string {
  const why = s.status === 'done' && s.stop_reason !== null ? ` (${s.stop_reason})` : '';
  return paint(STATUS_STYLE[s.status] ?? 'bold', `${s.status}${why}`);
}

/** The block `alcove status DIR` prints. */
export function formatStatus(s: CampaignStatusView, paint: Paint): string[] {
  const name = s.name === null ? 'campaign' : `campaign '${s.name}'`;
  const lines = [`${paint('bold', s.dir)}: ${name} ${statusWord(s, paint)}`];
  if (s.generation !== null) {
    lines.push(`  generation ${s.generation}, ${s.labeled ?? 0} labeled in ${s.rounds} rounds; ${formatHeadline(s)}`);
  } else {
    lines.push('  no round finished yet');
  }
  const metrics = Object.entries(s.metrics).map(([k, v]) => `${k} ${num(v)}`);
  if (metrics.length > 0) lines.push(`  last round: ${metrics.join('  ')}`);
  if (s.oracle_calls !== null) lines.push(`  oracle: ${s.oracle_calls} calls, ${s.oracle_failures ?? 0} failed`);
  if (s.error !== null)
    lines.push(`  ${paint('red', `error in ${s.error.stage}`)}: ${s.error.message} (${s.error.code})`);
  if (s.status === 'interrupted' || s.status === 'failed') {
    lines.push(`  continue with: alcove --resume --state-dir ${s.dir} (and its --config)`);
  }
  if (s.live) lines.push('  a run is using this folder now');
  if (s.updated_at !== null) lines.push(`  updated ${s.updated_at}`);
  return lines;
}

const HEADER = ['UPDATED', 'STATUS', 'GEN', 'LABELED', 'HEADLINE', 'NAME', 'FOLDER'];

/** The table `alcove log` prints: newest first, columns padded (colour codes do not count). */
export function formatLog(rows: readonly CampaignStatusView[], paint: Paint): string[] {
  const cells = rows.map((s) => [
    s.updated_at === null ? '–' : s.updated_at.replace('T', ' ').slice(0, 19),
    s.status,
    s.generation === null ? '–' : String(s.generation),
    s.labeled === null ? '–' : String(s.labeled),
    formatHeadline(s),
    s.name ?? '–',
    s.dir,
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[], styleOf: (i: number, text: string) => string) =>
    c
      .map((text, i) => styleOf(i, text.padEnd(i === c.length - 1 ? 0 : (widths[i] ?? 0))))
      .join('  ')
      .trimEnd();
  return [
    line(HEADER, (_, text) => paint('bold', text)),
    ...cells.map((c, r) =>
      line(c, (i, text) => (i === 1 ? paint(STATUS_STYLE[rows[r]?.status ?? ''] ?? 'bold', text) : text)),
    ),
  ];
}
