import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv.js';
import { AlcoveError } from '../../src/shared/errors.js';

describe('parseCsv', () => {
  it('splits a plain table', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
      rowLines: [2, 3],
    });
  });

  it('handles a missing final newline, empty fields and a trailing comma', () => {
    expect(parseCsv('a,b,c\n,x,\n1,,2').rows).toEqual([
      ['', 'x', ''],
      ['1', '', '2'],
    ]);
  });

  it('unquotes fields, undoubles quotes, keeps commas and line breaks inside quotes', () => {
    const t = parseCsv('id,text,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines",4\n4,"",5\n5,x,6\n');
    expect(t.rows).toEqual([
      ['1', 'a, b', '2'],
      ['2', 'say "hi"', '3'],
      ['3', 'two\nlines', '4'],
      ['4', '', '5'],
      ['5', 'x', '6'],
    ]);
    // Row 4 starts on line 6 because row 3 spans lines 4-5.
    expect(t.rowLines).toEqual([2, 3, 4, 6, 7]);
  });

  it('reads CRLF and lone CR line ends, CRLF inside quotes, and a BOM', () => {
    const t = parseCsv('\uFEFFsmiles,y\r\nCCO,1\r\n"C\r\nC",2\r\nCC,3\rN,4\r\n');
    expect(t.header).toEqual(['smiles', 'y']);
    expect(t.rows).toEqual([
      ['CCO', '1'],
      ['C\r\nC', '2'],
      ['CC', '3'],
      ['N', '4'],
    ]);
    expect(t.rowLines).toEqual([2, 3, 5, 6]);
  });

  it('skips blank lines but counts them in line numbers', () => {
    const t = parseCsv('a\n\nx\n\r\ny\n\n');
    expect(t.rows).toEqual([['x'], ['y']]);
    expect(t.rowLines).toEqual([3, 5]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(parseCsv('a,b\n5" pipe,x\n').rows).toEqual([['5" pipe', 'x']]);
  });

  it('gives empty results for empty text and a header-only file', () => {
    expect(parseCsv('')).toEqual({ header: [], rows: [], rowLines: [] });
    expect(parseCsv('\uFEFF')).toEqual({ header: [], rows: [], rowLines: [] });
    expect(parseCsv('a,b\r\n')).toEqual({ header: ['a', 'b'], rows: [], rowLines: [] });
  });

  it('rejects an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\n')).toThrow(
      new AlcoveError('BAD_DATA', 'line 3: a quoted field is never closed'),
    );
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrow(/^line 2: unexpected text after a closing quote$/);
  });
});
