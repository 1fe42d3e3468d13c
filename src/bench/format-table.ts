/** Plain-text and Markdown tables, and the number formats the bench prints. */

export type Cell = string;

/** Columns padded to their widest cell; numbers-looking cells right-aligned. */
export function formatTable(headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => isNumberish(r[c] ?? '')));
  const line = (cells: readonly Cell[], header: boolean) =>
    widths
      .map((w, c) => {
        const cell = cells[c] ?? '';
        return !header && numeric[c] ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers, true), rule, ...rows.map((r) => line(r, false))].join('\n');
}

export function formatMarkdownTable(headers: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${headers.map((_, c) => esc(r[c] ?? '')).join(' | ')} |`),
  ].join('\n');
}

function isNumberish(cell: string): boolean {
  return cell === '' || cell === '-' || /^[-+]?[\d.,]+(?:e[-+]?\d+)?\s*(?:%|x|s|ms|MB|GB|mol\/s)?$/i.test(cell);
}

export const MISSING = '-';

export function fmtSeconds(s: number | null): string {
  if (s === null) return MISSING;
  if (s < 0.1) return `${(s * 1000).toFixed(1)} ms`;
  if (s < 10) return `${s.toFixed(2)} s`;
  return `${s.toFixed(1)} s`;
}

export function fmtRate(v: number | null): string {
  return v === null ? MISSING : `${Math.round(v).toLocaleString('en-US')} mol/s`;
}

export function fmtShare(v: number | null, digits = 2): string {
  return v === null ? MISSING : `${(v * 100).toFixed(digits)}%`;
}

export function fmtBytes(v: number | null): string {
  if (v === null) return MISSING;
  return v >= 1e9 ? `${(v / 1e9).toFixed(2)} GB` : `${(v / 1e6).toFixed(0)} MB`;
}

export function fmtRatio(v: number | null): string {
  if (v === null) return MISSING;
  return v < 0.1 ? `${v.toFixed(3)}x` : `${v.toFixed(2)}x`;
}

export function fmtFraction(v: number | null, digits = 3): string {
  return v === null ? MISSING : v.toFixed(digits);
}

export function fmtMeanSd(mean: number | null, sd: number | null): string {
  if (mean === null) return MISSING;
  return sd === null || sd === 0 ? mean.toFixed(3) : `${mean.toFixed(3)} +/- ${sd.toFixed(3)}`;
}

export function fmtPass(pass: boolean | null): string {
  return pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL';
}
