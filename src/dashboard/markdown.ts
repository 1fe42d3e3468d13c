/**
 * Small Markdown (CommonMark / GitHub) writers for the report. Untrusted text is escaped so that it
 * cannot break a table, start markup, or inject raw HTML where the report is rendered.
 */

/** Text for a paragraph, list item or table cell: HTML entities for `< > &`, backslash before markup. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** A code span that survives any backticks inside; `|` escaped so that it can stand in a table cell. */
export function inlineCode(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function codeBlock(text: string, info = ''): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

export type Align = 'left' | 'right';

/**
 * A GitHub table. Cells are used as given (escape them with `escapeMarkdown` / `inlineCode` first);
 * only line breaks are flattened. Rows shorter than the header are padded with empty cells.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const cell = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${header.map((_, i) => cell(cells[i] ?? '')).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (align[i] === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A relative link target: `/` separators, each segment percent-encoded (spaces, parentheses, …). */
export function linkTarget(relativePath: string): string {
  return relativePath
    .split(/[\\/]/)
    .map((seg) => encodeURIComponent(seg).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}
