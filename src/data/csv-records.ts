/**
 * CSV records from lines, as they stream: RFC 4180 quoting (doubled quotes, delimiters and line breaks
 * inside quotes), any one-character delimiter (`,` or a tab for TSV), blank lines skipped. A quoted field
 * that spans lines gathers the following lines (joined by '\n') until its quote closes.
 *
 * Lenient where it is harmless: a quote inside an unquoted field is kept as text. Strict where data could
 * silently shift: text after a closing quote, or a quote never closed, is an error naming the line.
 */
import { AlcoveError } from '../shared/errors.js';
import type { LineHandler } from './read-lines.js';

/** A record's fields and the 1-based line it starts on. */
export type RecordHandler = (fields: string[], line: number) => void;

export interface RecordReader {
  readonly onLine: LineHandler;
  /** Throws when the input ended inside a quoted field. */
  end(): void;
}

const QUOTE = 34;

export function createRecordReader(delimiter: string, onRecord: RecordHandler): RecordReader {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new AlcoveError('BAD_CONFIG', `a CSV delimiter must be one character other than a quote or a line end`);
  }
  let pending: string | null = null;
  let pendingLine = 0;
  return {
    onLine(line, lineNo) {
      if (pending === null) {
        if (line === '') return;
        if (line.indexOf('"') < 0) {
          // The common case: no quotes, a plain split.
          onRecord(line.split(delimiter), lineNo);
          return;
        }
        pending = line;
        pendingLine = lineNo;
      } else {
        pending += `\n${line}`;
      }
      const fields = parseQuotedRecord(pending, delimiter, pendingLine);
      if (fields === null) return;
      pending = null;
      onRecord(fields, pendingLine);
    },
    end() {
      if (pending !== null) throw new AlcoveError('BAD_DATA', `line ${pendingLine}: a quoted field is never closed`);
    },
  };
}

/** The fields of one record that holds a quote; null while a quoted field is still open at its end. */
function parseQuotedRecord(text: string, delimiter: string, firstLine: number): string[] | null {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let start = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return null;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(start, q + 1);
          i = start = q + 2;
        } else {
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
      }
      if (i < n && text.charCodeAt(i) !== delim) {
        const line = firstLine + countNewlines(text, i);
        throw new AlcoveError('BAD_DATA', `line ${line}: unexpected text after a closing quote`);
      }
      fields.push(value);
    } else {
      let end = text.indexOf(delimiter, i);
      if (end < 0) end = n;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) return fields;
    i++; // the delimiter
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

function countNewlines(text: string, to: number): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) count++;
  return count;
}
