/**
 * A small RFC 4180 CSV parser over a whole string: quoted fields, doubled quotes, commas and line
 * breaks inside quotes, CRLF / LF (and lone CR) line ends, a leading UTF-8 BOM.
 *
 * Hand-written rather than a dependency (csv-parse would do): the whole format is ~80 lines, the
 * data sets are a few MB that are read into memory anyway, and a char-code scan with `slice` parses
 * the 50k-row Enamine file fast enough that a streaming library would buy nothing (bench/README.md).
 *
 * Lenient where it is harmless: blank lines are skipped, a quote inside an unquoted field is kept as
 * text. Strict where data could silently shift: text after a closing quote, or a quote never
 * closed, is an error naming the line.
 */
import { AlcoveError } from './errors.js';

export interface CsvTable {
  readonly header: string[];
  readonly rows: string[][];
  /** 1-based file line on which each row starts (the header is line 1 in a typical file). */
  readonly rowLines: number[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export function parseCsv(text: string): CsvTable {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const records: string[][] = [];
  const recordLines: number[] = [];

  while (i < n) {
    const first = text.charCodeAt(i);
    if (first === LF || first === CR) {
      // A blank line: skip it.
      i += first === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const rowLine = line;
    const row: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let start = ++i;
        value = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new AlcoveError('BAD_DATA', `line ${openLine}: a quoted field is never closed`);
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            i = start = q + 2;
          } else {
            value += text.slice(start, q);
            i = q + 1;
            break;
          }
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new AlcoveError('BAD_DATA', `line ${line}: unexpected text after a closing quote`);
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          i++;
        }
        value = text.slice(start, i);
      }
      row.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    records.push(row);
    recordLines.push(rowLine);
  }

  const header = records.shift() ?? [];
  recordLines.shift();
  return { header, rows: records, rowLines: recordLines };
}

/** Line breaks in text[from, to): LF, CRLF and lone CR each count once. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/**
 * One CSV field as written: quoted (quotes doubled) when it holds a comma, a quote or a line break
 * (RFC 4180), or leading or trailing blanks that a lenient reader might trim.
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
